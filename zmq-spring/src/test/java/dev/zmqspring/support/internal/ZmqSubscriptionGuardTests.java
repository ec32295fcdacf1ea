package dev.zmqspring.support.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyDefinition;
import dev.zmqspring.proxy.ZmqProxyType;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqFailures;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.support.ZmqSubscriptionLimits;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issues 37 and 38: a bound publisher limits what its peers' subscriptions cost
 * ({@link ZmqSubscriptionGuard}). A forwarder proxy (Guide ch.2) stands for every bound PUB/XPUB: its
 * backend XPUB faces a libzmq peer ({@code sub_flood.py}) that sends one very long subscription or a
 * flood of distinct ones; the publisher behind the forwarder counts what reaches it. The proxy keeps
 * serving a normal subscriber, JeroMQ's threads stay alive, the peer is cut and everything is counted.
 */
class ZmqSubscriptionGuardTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final Queue<Throwable> contextErrors = new ConcurrentLinkedQueue<>();

	private ZContext context;

	private ZmqProxy proxy;

	private ZMQ.Socket upstream;

	private ZMQ.Socket subscriber;

	private int upstreamSubscriptions;

	@BeforeAll
	static void python() {
		PythonPeer.assumeAvailable();
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

	/** A forwarder whose frontend connects to a publisher of this test and whose backend binds. */
	private void start(ZmqSocketOptions options) {
		this.context = new ZContext();
		this.context.setUncaughtExceptionHandler((thread, ex) -> this.contextErrors.add(ex));
		// before the first socket, so that the factory's failure record can chain this handler
		ZmqSocketFactory factory = new ZmqSocketFactory(this.context, options.withHandshakeInterval(Duration.ofSeconds(1)));
		this.upstream = this.context.createSocket(SocketType.XPUB);
		this.upstream.setXpubVerbose(true);
		int port = this.upstream.bindToRandomPort("tcp://127.0.0.1");
		ZmqProxyDefinition definition = new ZmqProxyDefinition("guarded", ZmqProxyType.FORWARDER,
				ZmqEndpoint.parseAll(">tcp://127.0.0.1:" + port, SocketType.XSUB, "frontend"),
				ZmqEndpoint.parseAll("@tcp://127.0.0.1:*", SocketType.XPUB, "backend"), List.of(), "zmq.proxies.guarded");
		this.proxy = new ZmqProxy(definition, factory, Duration.ofSeconds(5));
		this.proxy.start();
		this.subscriber = this.context.createSocket(SocketType.SUB);
		this.subscriber.setHandshakeIvl(1000);
		this.subscriber.subscribe("news".getBytes(StandardCharsets.UTF_8));
		this.subscriber.connect(backend());
		assertNormalSubscriberServed();
	}

	private String backend() {
		return this.proxy.getEndpoints().get(1);
	}

	/** Publishes upstream until the normal subscriber, behind the forwarder, gets a message. */
	private void assertNormalSubscriberServed() {
		this.subscriber.setReceiveTimeOut(50);
		await().atMost(WAIT).until(() -> {
			drainUpstream();
			this.upstream.send("news served");
			String got = this.subscriber.recvStr();
			return "news served".equals(got);
		});
		while (this.subscriber.recvStr() != null) {
			// what earlier rounds left queued
		}
	}

	private void drainUpstream() {
		byte[] frame;
		while ((frame = this.upstream.recv(ZMQ.DONTWAIT)) != null) {
			if (frame.length > 0 && frame[0] == 1) {
				this.upstreamSubscriptions++;
			}
		}
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 60 * 1024, 1024 * 1024 })
	void aLongSubscriptionCutsItsPeerAndTheProxyKeepsServing(int length) {
		start(ZmqSocketOptions.DEFAULTS);
		try (PythonPeer attacker = PythonPeer.script("sub_flood.py").option("connect", backend()).option("length", length).option("count", "1").option("hold", "20").option("seconds", "40").start()) {
			attacker.awaitReady(WAIT);
			attacker.awaitLine("SENT", WAIT);
			String cut = attacker.awaitLine("CUT", WAIT);
			System.out.println("subscription of " + length + " bytes: " + cut);
		}
		assertNormalSubscriberServed();
		assertThat(this.contextErrors).as("JeroMQ's threads").isEmpty();
		assertThat(ZmqFailures.watch(this.context).getCount()).as("JeroMQ's threads and actors").isZero();
		assertThat(this.proxy.isRunning()).isTrue();
		assertThat(this.upstreamSubscriptions).as("what reached the publisher behind the forwarder").isEqualTo(1);
		if (length < ZmqSocketOptions.DEFAULT_BOUND_MAX_MESSAGE_SIZE) { // the frame is one byte longer
			assertThat(this.proxy.getCounters().getSubscriptionsRefused()).isEqualTo(1);
			assertThat(this.proxy.getCounters().getSubscribersCut()).isEqualTo(1);
		}
		else {
			// a frame over the bound-socket cap (1 MB) is refused by JeroMQ's decoder: a disconnect
			await().atMost(WAIT).until(() -> this.proxy.getCounters().getConnectionsDisconnected() >= 1);
		}
	}

	@Test
	void aFloodOfDistinctSubscriptionsIsCappedPerConnection() {
		start(ZmqSocketOptions.DEFAULTS);
		long seed = System.nanoTime();
		System.out.println("flood seed " + seed);
		try (PythonPeer attacker = PythonPeer.script("sub_flood.py").option("connect", backend()).option("length", "12").option("count", "200000").option("seed", seed).option("hold", "30").option("seconds", "60").start()) {
			attacker.awaitReady(WAIT);
			attacker.awaitLine("CUT", Duration.ofSeconds(50));
			// while it floods and after the cut, the normal subscriber is served
			assertNormalSubscriberServed();
		}
		await().atMost(WAIT).untilAsserted(() -> {
			drainUpstream();
			assertThat(this.proxy.getCounters().getSubscriptionsHeld()).as("the cut peer's subscriptions are forgotten").isEqualTo(1);
		});
		assertThat(this.upstreamSubscriptions).as("what reached the publisher behind the forwarder")
			.isBetween(2, ZmqSubscriptionLimits.DEFAULTS.maxPerConnection() + 1);
		assertThat(this.proxy.getCounters().getSubscribersCut()).isEqualTo(1);
		assertThat(this.proxy.getCounters().getSubscriptionsRefused()).isGreaterThanOrEqualTo(1);
		assertThat(this.contextErrors).isEmpty();
		assertNormalSubscriberServed();
	}

	@Test
	void theSocketLimitsHoldAcrossConnections() {
		// per connection 100, per socket 150 subscriptions, 1 KB of distinct prefixes
		start(ZmqSocketOptions.DEFAULTS.withSubscriptionLimits(new ZmqSubscriptionLimits(64, 100, 150, 1024)));
		try (PythonPeer first = PythonPeer.script("sub_flood.py").option("connect", backend()).option("length", "4").option("count", "100").option("seed", "1").option("hold", "3").option("seconds", "30").start()) {
			first.awaitReady(WAIT);
			await().atMost(WAIT).until(() -> this.proxy.getCounters().getSubscriptionsHeld() == 101);
			try (PythonPeer second = PythonPeer.script("sub_flood.py").option("connect", backend()).option("length", "4").option("count", "100").option("seed", "2").option("hold", "20").option("seconds", "30").start()) {
				second.awaitReady(WAIT);
				second.awaitLine("CUT", WAIT);
			}
			assertThat(first.awaitLine("HELD", WAIT)).as("the first peer stays within the limits").isEqualTo("HELD");
		}
		// the per-socket limit (150) stopped the second peer, and so did max-bytes (1 KB = 256 prefixes of 4 bytes: no)
		assertThat(this.proxy.getCounters().getSubscribersCut()).isEqualTo(1);
		await().atMost(WAIT).until(() -> this.proxy.getCounters().getSubscriptionsHeld() == 1);
		assertNormalSubscriberServed();
	}

	@Test
	void framesThatAreNotSubscriptionsAreRefused() {
		start(ZmqSocketOptions.DEFAULTS);
		try (ZMQ.Socket junk = this.context.createSocket(SocketType.XSUB)) {
			junk.setHandshakeIvl(1000);
			junk.connect(backend());
			junk.send(new byte[] { 1, 'o', 'k' });
			await().atMost(WAIT).until(() -> this.proxy.getCounters().getSubscriptionsHeld() == 2);
			junk.send("not a subscription");
			await().atMost(WAIT).until(() -> this.proxy.getCounters().getSubscribersCut() == 1);
			await().atMost(WAIT).until(() -> this.proxy.getCounters().getSubscriptionsHeld() == 1);
		}
		assertNormalSubscriberServed();
		drainUpstream();
		assertThat(this.upstreamSubscriptions).isEqualTo(2);
	}

}
