package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.test.ZmqTestThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/architecture/README.md "Shutdown": a context that starts and stops 100 times with active sockets leaves no
 * thread behind and never takes longer than the shutdown timeout to close, even when JeroMQ's own
 * termination hangs.
 */
class ZmqShutdownTests {

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(EchoServerConfiguration.class)
		.withPropertyValues("zmq.linger=100ms", "zmq.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms");

	@Test
	void hundredStartStopCyclesWithActiveSocketsLeaveNoThreadBehind() {
		cycle(); // let the JVM start whatever it starts once (class loading, common pool...)
		Set<String> baseline = ZmqTestThreads.live();
		for (int i = 0; i < 100; i++) {
			long started = System.nanoTime();
			cycle();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SHUTDOWN_TIMEOUT);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ZmqTestThreads.live()).isSubsetOf(baseline));
	}

	@Test
	@Timeout(60)
	@ExtendWith(OutputCaptureExtension.class)
	void aContextWhoseTerminationHangsStillClosesWithinTheShutdownTimeout(CapturedOutput output) throws Exception {
		ZMQ.Socket[] stray = new ZMQ.Socket[1];
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withPropertyValues("zmq.shutdown-timeout=300ms")
			.run((context) -> {
				// a socket that nobody closes: JeroMQ's term() waits for it forever, as after a reaper failure
				stray[0] = context.getBean(ZContext.class).getContext().socket(SocketType.PULL);
			});
		assertThat(output).contains("ZeroMQ context did not terminate within PT0.3S");
		stray[0].close(); // now the termination left behind can finish
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(ZmqTestThreads.live()).doesNotContain("zmq-context-close"));
	}

	private void cycle() {
		this.runner.run((context) -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			EchoServer server = context.getBean(EchoServer.class);
			assertThat(template.request(server.endpoint, "ping", String.class)).isEqualTo("ping");
			assertThat(template.requestAsync(server.endpoint, "async", String.class).get(10, TimeUnit.SECONDS))
				.isEqualTo("async");
			template.publish("@tcp://127.0.0.1:*", "topic", "nobody listens");
			template.push(">tcp://127.0.0.1:1", "queued for a peer that never comes");
		});
	}

	static final class EchoServer implements SmartLifecycle, ZmqActorBehavior {

		private final ZmqActor actor;

		volatile String endpoint;

		EchoServer(ZmqSocketFactory factory) {
			this.actor = new ZmqActor("echo", factory, this);
		}

		@Override
		public void open(ZmqActorLoop loop) {
			ZMQ.Socket rep = loop.socket(SocketType.REP, List.of(ZmqEndpoint.bind("tcp://127.0.0.1:*")));
			this.endpoint = rep.getLastEndpoint();
			loop.register(rep, (socket) -> {
				byte[] request;
				while ((request = socket.recv(ZMQ.DONTWAIT)) != null) {
					socket.send(request);
				}
			});
		}

		@Override
		public void start() {
			this.actor.start(SHUTDOWN_TIMEOUT);
		}

		@Override
		public void stop() {
			this.actor.stop(SHUTDOWN_TIMEOUT);
		}

		@Override
		public boolean isRunning() {
			return this.actor.isRunning();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoServerConfiguration {

		@Bean
		EchoServer echoServer(ZmqSocketFactory factory) {
			return new EchoServer(factory);
		}

	}

}
