package dev.zmqspring.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;

import static org.assertj.core.api.Assertions.assertThat;

class ZmqTemplateSmokeTest {

	ZContext context;

	ZmqSocketFactory factory;

	ZmqTemplate template;

	@BeforeEach
	void setUp() {
		this.context = new ZContext();
		this.factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS);
		this.template = new ZmqTemplate(this.factory, ZmqMessageConverters.defaults(), Duration.ofMillis(500), 2);
	}

	@AfterEach
	void tearDown() {
		this.template.destroy();
		this.context.close();
	}

	@Test
	void requestReplyThroughAnActor() {
		String[] bound = new String[1];
		ZmqActor server = new ZmqActor("echo", this.factory, new ZmqActorBehavior() {
			@Override
			public void open(ZmqActorLoop loop) {
				ZMQ.Socket rep = loop.socket(SocketType.REP, List.of(ZmqEndpoint.bind("tcp://127.0.0.1:*")));
				bound[0] = rep.getLastEndpoint();
				loop.register(rep, (s) -> {
					String req = s.recvStr(ZMQ.DONTWAIT);
					if (req != null) {
						s.send("echo " + req);
					}
				});
			}
		});
		server.start(Duration.ofSeconds(5));
		assertThat(this.template.request(bound[0], "hi", String.class)).isEqualTo("echo hi");
		assertThat(this.template.requestAsync(bound[0], "async", String.class).join()).isEqualTo("echo async");
		assertThat(server.pause(Duration.ofSeconds(2))).isTrue();
		assertThat(server.resume(Duration.ofSeconds(2))).isTrue();
		assertThat(this.template.request(bound[0], "again", String.class)).isEqualTo("echo again");
		assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
	}

}
