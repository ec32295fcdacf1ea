package dev.zmqspring.proxy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every proxy type between libzmq peers (python3-zmq), and a tcp-to-inproc bridge. */
class ZmqProxyLibzmqInteropTests {

	ZContext context;

	ZmqProxy proxy;

	@BeforeEach
	void setUp() {
		PythonPeer.assumeAvailable();
		this.context = new ZContext();
	}

	@AfterEach
	void tearDown() {
		if (this.proxy != null) {
			this.proxy.stop();
		}
		if (this.context != null) {
			this.context.close();
		}
	}

	ZmqProxy start(ZmqProxyType type, String frontend, String backend) {
		this.proxy = new ZmqProxy(new ZmqProxyDefinition("interop", type,
				ZmqEndpoint.parseAll(frontend, type.frontend(), "frontend"),
				ZmqEndpoint.parseAll(backend, type.backend(), "backend"), List.of(), "zmq.proxies.interop"),
				new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS), Duration.ofSeconds(5));
		this.proxy.start();
		return this.proxy;
	}

	@Test
	void forwarderBetweenLibzmqPublisherAndSubscriber() {
		ZmqProxy forwarder = start(ZmqProxyType.FORWARDER, "@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		try (PythonPeer sub = PythonPeer.script("sub.py").option("connect", forwarder.getEndpoints().get(1))
				.option("topic", "10001").option("count", "50").start();
				PythonPeer pub = PythonPeer.script("pub.py").option("connect", forwarder.getEndpoints().get(0))
						.option("topics", "10001,10002").option("interval-ms", "2").start()) {
			sub.awaitReady(Duration.ofSeconds(20));
			pub.awaitReady(Duration.ofSeconds(20));
			assertThat(sub.awaitLine("RECV ", Duration.ofSeconds(30))).startsWith("RECV 10001");
			sub.awaitLine("COUNT 50", Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
					forwarder.getBackendToFrontend().getMessagesOut()).as("subscriptions").isPositive());
			await().atMost(Duration.ofSeconds(5)).untilAsserted(
					() -> assertThat(forwarder.getFrontendToBackend().getMessagesOut()).isGreaterThanOrEqualTo(50));
		}
	}

	@Test
	void queueBetweenLibzmqClientAndServer() {
		ZmqProxy queue = start(ZmqProxyType.QUEUE, "@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		try (PythonPeer server = PythonPeer.script("rep_server.py").option("connect", queue.getEndpoints().get(1))
				.flag("echo").start();
				PythonPeer client = PythonPeer.script("req_client.py").option("connect", queue.getEndpoints().get(0))
						.option("count", "20").start()) {
			server.awaitReady(Duration.ofSeconds(20));
			client.awaitLine("DONE", Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(queue.getFrontendToBackend().getMessagesOut()).isEqualTo(20);
				assertThat(queue.getBackendToFrontend().getMessagesOut()).isEqualTo(20);
			});
		}
	}

	@Test
	void streamerBridgesLibzmqTcpPushToAnInprocPull() {
		ZmqProxy streamer = start(ZmqProxyType.STREAMER, "@tcp://127.0.0.1:*", "@inproc://bridged-results");
		try (ZMQ.Socket pull = this.context.createSocket(SocketType.PULL);
				PythonPeer push = PythonPeer.script("push.py").option("connect", streamer.getEndpoints().get(0))
						.option("count", "100").option("text", "task").start()) {
			pull.connect("inproc://bridged-results");
			pull.setReceiveTimeOut(10_000);
			long bytes = 0;
			for (int i = 0; i < 100; i++) {
				String task = pull.recvStr();
				assertThat(task).isEqualTo("task " + i);
				bytes += task.length();
			}
			push.awaitLine("DONE", Duration.ofSeconds(30));
			long expected = bytes;
			await().atMost(Duration.ofSeconds(5)).until(() -> streamer.getCounters().getBytesOut() == expected);
			assertThat(streamer.getCounters().getMessagesIn()).isEqualTo(100);
		}
	}

	@Test
	void streamerFromJavaToLibzmqPull() {
		ZmqProxy streamer = start(ZmqProxyType.STREAMER, "@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		try (PythonPeer pull = PythonPeer.script("pull.py").option("connect", streamer.getEndpoints().get(1))
				.option("count", "100").start();
				ZMQ.Socket push = this.context.createSocket(SocketType.PUSH)) {
			pull.awaitReady(Duration.ofSeconds(20));
			push.setHandshakeIvl(1000); // a stalled handshake (docs/jeromq.md) retries within the waits below, not after 30 s
			push.connect(streamer.getEndpoints().get(0));
			for (int i = 0; i < 100; i++) {
				push.send("job " + i);
			}
			pull.awaitLine("COUNT 100", Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(streamer.getCounters().getMessagesOut()).isEqualTo(100));
		}
	}

}
