package dev.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyDefinition;
import dev.zmqspring.proxy.ZmqProxyType;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 32, item 5: a socket that binds keeps at most {@code zmq.bound-max-connections} connections, and
 * at most {@code zmq.bound-max-connections-per-address} from one peer address. JeroMQ 0.6.0 keeps a peer
 * that sends a complete greeting and then nothing until it leaves ({@code hostile_peer.py
 * --greeting-hang}), so without a limit one client can hold every descriptor of the process.
 */
class ZmqConnectionLimitsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ZContext context = new ZContext();

	private ZmqProxy proxy;

	@BeforeAll
	static void python() {
		PythonPeer.assumeAvailable();
	}

	@AfterEach
	void tearDown() {
		if (this.proxy != null) {
			this.proxy.stop();
		}
		this.context.close();
	}

	private ZmqProxy streamer(ZmqConnectionLimits limits) {
		ZmqSocketFactory factory = new ZmqSocketFactory(this.context,
				ZmqSocketOptions.DEFAULTS.withConnectionLimits(limits).withHandshakeInterval(Duration.ofSeconds(1)));
		ZmqProxyDefinition definition = new ZmqProxyDefinition("limited", ZmqProxyType.STREAMER,
				ZmqEndpoint.parseAll("@tcp://127.0.0.1:*", SocketType.PULL, "frontend"),
				ZmqEndpoint.parseAll("@tcp://127.0.0.1:*", SocketType.PUSH, "backend"), List.of(), "zmq.proxies.limited");
		this.proxy = new ZmqProxy(definition, factory, Duration.ofSeconds(5));
		this.proxy.start();
		return this.proxy;
	}

	@Test
	void silentPeersOverThePerAddressLimitAreCutAndTheSocketServesOnceTheyLeave() {
		ZmqProxy streamer = streamer(new ZmqConnectionLimits(0, 10));
		String frontend = streamer.getEndpoints().get(0);
		String port = frontend.substring(frontend.lastIndexOf(':') + 1);
		try (PythonPeer kit = PythonPeer.script("hostile_peer.py").option("port", port).option("connections", "0").option("hang", "0").option("greeting-hang", "25").option("hold", "6").option("seconds", "30").start()) {
			kit.awaitReady(WAIT);
			String hung = kit.awaitLine("HUNG ", WAIT);
			System.out.println("greeting-then-silence over a per-address limit of 10: " + hung);
			assertThat(hung).contains("closed=15", "open=10");
			kit.awaitLine("DONE", WAIT);
		}
		assertThat(streamer.getCounters().getConnectionsRefused()).isEqualTo(15);
		assertServed(streamer);
	}

	@Test
	void theSocketLimitHoldsWhateverTheAddress() {
		ZmqProxy streamer = streamer(new ZmqConnectionLimits(5, 0));
		String frontend = streamer.getEndpoints().get(0);
		String port = frontend.substring(frontend.lastIndexOf(':') + 1);
		try (PythonPeer kit = PythonPeer.script("hostile_peer.py").option("port", port).option("connections", "0").option("hang", "0").option("greeting-hang", "12").option("hold", "6").option("seconds", "30").start()) {
			kit.awaitReady(WAIT);
			assertThat(kit.awaitLine("HUNG ", WAIT)).contains("closed=7", "open=5");
			kit.awaitLine("DONE", WAIT);
		}
		assertServed(streamer);
	}

	/** A message pushed into the streamer's frontend comes out of its backend. */
	private void assertServed(ZmqProxy streamer) {
		try (ZMQ.Socket push = this.context.createSocket(SocketType.PUSH);
				ZMQ.Socket pull = this.context.createSocket(SocketType.PULL)) {
			push.setHandshakeIvl(1000);
			pull.setHandshakeIvl(1000);
			pull.setReceiveTimeOut(100);
			push.connect(streamer.getEndpoints().get(0));
			pull.connect(streamer.getEndpoints().get(1));
			await().atMost(WAIT).until(() -> {
				push.send("after", ZMQ.DONTWAIT);
				byte[] got = pull.recv();
				return got != null && "after".equals(new String(got, StandardCharsets.UTF_8));
			});
		}
	}

}
