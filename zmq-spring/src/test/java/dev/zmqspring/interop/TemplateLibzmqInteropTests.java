package dev.zmqspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The template against libzmq peers (Debian python3-zmq): a REP server, a PUB publisher and a PULL
 * sink written in the test resources.
 */
class TemplateLibzmqInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private ZContext context;

	private ZmqSocketFactory factory;

	private ZmqTemplate template;

	@BeforeAll
	static void libzmqAvailable() {
		PythonPeer.assumeAvailable();
	}

	@BeforeEach
	void setUp() {
		this.context = new ZContext();
		this.factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS);
		this.template = new ZmqTemplate(this.factory, ZmqMessageConverters.defaults(), Duration.ofSeconds(2), 3);
	}

	@AfterEach
	void tearDown() {
		this.template.destroy();
		this.context.close();
	}

	@Test
	void requestsToALibzmqRepServer() {
		try (PythonPeer server = PythonPeer.script("rep_server.py").option("bind", "tcp://127.0.0.1:*")
				.option("prefix", "World ").start()) {
			String endpoint = server.awaitReady(WAIT);
			for (int i = 0; i < 10; i++) {
				assertThat(this.template.request(endpoint, "Hello " + i, String.class)).isEqualTo("World Hello " + i);
			}
			List<CompletableFuture<String>> futures = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				futures.add(this.template.requestAsync(endpoint, "async " + i, String.class));
			}
			for (int i = 0; i < 100; i++) {
				assertThat(futures.get(i).orTimeout(20, TimeUnit.SECONDS).join()).isEqualTo("World async " + i);
			}
			server.awaitLine("RECV Hello 9", WAIT);
		}
	}

	@Test
	void subscribesToALibzmqPublisherWithEnvelopes() {
		try (PythonPeer publisher = PythonPeer.script("pub.py").option("bind", "tcp://127.0.0.1:*")
				.option("topics", "10001,10002").flag("envelope").option("interval-ms", "2").start()) {
			String endpoint = publisher.awaitReady(WAIT);
			try (ZMQ.Socket sub = this.factory.create(SocketType.SUB, List.of(ZmqEndpoint.connect(endpoint)))) {
				sub.subscribe("10001");
				sub.setReceiveTimeOut((int) WAIT.toMillis());
				for (int i = 0; i < 20; i++) {
					ZMsg msg = ZMsg.recvMsg(sub);
					assertThat(msg).hasSize(2);
					assertThat(msg.popString()).isEqualTo("10001");
					assertThat(msg.popString()).startsWith("data ");
				}
			}
		}
	}

	@Test
	void pushesToALibzmqPuller() {
		try (PythonPeer pull = PythonPeer.script("pull.py").option("bind", "tcp://127.0.0.1:*").option("count", "50")
				.start()) {
			String endpoint = pull.awaitReady(WAIT);
			for (int i = 0; i < 50; i++) {
				this.template.push(endpoint, "task " + i);
			}
			pull.awaitLine("COUNT 50", WAIT);
			assertThat(pull.lines()).contains("RECV task 0", "RECV task 49");
		}
	}

	@Test
	void libzmqRequesterReachesAStarterBoundPublisherAndPuller() {
		String endpoint = this.template.bind("@tcp://127.0.0.1:*", SocketType.PUB).get(0);
		try (PythonPeer sub = PythonPeer.script("sub.py").option("connect", endpoint).option("topic", "news")
				.option("count", "3").start()) {
			sub.awaitReady(WAIT);
			await().atMost(WAIT).until(() -> {
				this.template.publish("@tcp://127.0.0.1:*", "sports", "ignored");
				this.template.publish("@tcp://127.0.0.1:*", "news", "headline");
				return sub.lines().stream().anyMatch((line) -> line.startsWith("COUNT"));
			});
			assertThat(sub.lines()).filteredOn((line) -> line.startsWith("RECV")).allMatch("RECV news|headline"::equals);
		}
	}

}
