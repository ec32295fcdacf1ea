package dev.zmqspring.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The last value cache proxy (Guide ch.5 lvcache) with real sockets: a late libzmq subscriber gets
 * the last value of every topic at once, the cache is bounded, and what a subscriber sends that is
 * not a subscription is dropped and counted.
 */
class LastValueCacheTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	ZContext context;

	ZmqProxy proxy;

	ZMQ.Socket publisher;

	@BeforeEach
	void setUp() {
		this.context = new ZContext();
	}

	@AfterEach
	void tearDown() {
		if (this.proxy != null) {
			this.proxy.stop();
		}
		this.context.close();
	}

	private ZmqProxy start(int maxTopics) {
		ZmqProxyType type = ZmqProxyType.LAST_VALUE_CACHE;
		this.proxy = new ZmqProxy(new ZmqProxyDefinition("lvc", type,
				ZmqEndpoint.parseAll("@tcp://127.0.0.1:*", type.frontend(), "frontend"),
				ZmqEndpoint.parseAll("@tcp://127.0.0.1:*", type.backend(), "backend"), List.of(), "zmq.proxies.lvc",
				maxTopics), new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS), Duration.ofSeconds(5));
		this.proxy.start();
		this.publisher = socket(SocketType.PUB);
		this.publisher.setSndHWM(0); // a burst of 1,000 must not meet the default high-water mark of 1,000
		this.publisher.connect(this.proxy.getEndpoints().get(0));
		return this.proxy;
	}

	/**
	 * A test socket with a handshake interval: JeroMQ 0.6.0 stalls about one fresh connection in 20-75
	 * in its handshake (docs/jeromq.md), for 30 s without one.
	 */
	private ZMQ.Socket socket(SocketType type) {
		ZMQ.Socket socket = this.context.createSocket(type);
		socket.setHandshakeIvl(1000);
		return socket;
	}

	/** Publishes until the proxy has the first update (the cache's subscription reached the publisher), then the rest. */
	private void publish(int updates, int topics) {
		await().atMost(WAIT).pollInSameThread().until(() -> { // the sockets belong to this thread
			this.publisher.sendMore("topic-0");
			this.publisher.send("warm-up");
			return this.proxy.getFrontendToBackend().getMessagesOut() > 0;
		});
		long before = this.proxy.getFrontendToBackend().getMessagesOut();
		for (int i = 0; i < updates; i++) {
			this.publisher.sendMore("topic-" + (i % topics));
			this.publisher.send("value-" + i);
		}
		await().atMost(WAIT).until(() -> this.proxy.getFrontendToBackend().getMessagesOut() >= before + updates);
	}

	@Test
	void aLibzmqSubscriberJoiningAfterAThousandUpdatesGetsTheTenLastValuesAtOnce() {
		PythonPeer.assumeAvailable();
		ZmqProxy lvc = start(100);
		publish(1000, 10);
		assertThat(lvc.getDetails()).containsEntry("cachedTopics", 10);
		try (PythonPeer sub = PythonPeer.script("sub.py").option("connect", lvc.getEndpoints().get(1))
				.option("topic", "topic-").option("count", "10").option("seconds", "60").start()) {
			sub.awaitReady(WAIT);
			List<String> received = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				received.add(sub.awaitLine("RECV ", WAIT));
			}
			// nothing was published after the subscriber joined: these are the cached values, one per topic
			List<String> expected = new ArrayList<>();
			for (int topic = 0; topic < 10; topic++) {
				expected.add("RECV topic-" + topic + "|value-" + (990 + topic));
			}
			assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
			sub.awaitLine("COUNT 10", WAIT);
		}
		assertThat((Long) lvc.getDetails().get("replayedMessages")).isGreaterThanOrEqualTo(10);
	}

	@Test
	void theCacheKeepsAtMostMaxTopicsTheMostRecentlyUpdated() {
		ZmqProxy lvc = start(5);
		publish(10, 10);
		assertThat(lvc.getDetails()).containsEntry("cachedTopics", 5).containsEntry("maxTopics", 5);
		assertThat((Long) lvc.getDetails().get("evictedTopics")).isGreaterThanOrEqualTo(5);
		ZMQ.Socket sub = socket(SocketType.SUB);
		sub.setReceiveTimeOut((int) WAIT.toMillis());
		sub.subscribe("topic-");
		sub.connect(lvc.getEndpoints().get(1));
		List<String> topics = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ZMsg msg = ZMsg.recvMsg(sub);
			assertThat(msg).isNotNull();
			topics.add(msg.popString());
		}
		assertThat(topics).containsExactlyInAnyOrder("topic-5", "topic-6", "topic-7", "topic-8", "topic-9");
	}

	/**
	 * Garbage from a subscriber never reaches the cache: the bound backend's subscription guard refuses
	 * it, counts it and cuts the connection (docs/network.md); a well-behaved subscriber's cancel is
	 * forwarded upstream.
	 */
	@Test
	void garbageFromSubscribersIsDroppedAndCountedAndUnsubscriptionsPassThrough() {
		ZmqProxy lvc = start(100);
		publish(10, 2);
		ZMQ.Socket hostile = socket(SocketType.XSUB);
		hostile.connect(lvc.getEndpoints().get(1));
		await().atMost(WAIT).pollInSameThread().until(() -> { // the sockets belong to this thread
			hostile.send(new byte[] { 5, 'x' }); // neither subscribe (1) nor unsubscribe (0)
			return lvc.getCounters().getSubscribersCut() > 0;
		});
		assertThat(lvc.getCounters().getSubscriptionsRefused()).isGreaterThanOrEqualTo(1);
		assertThat((Long) lvc.getDetails().get("refusedMessages")).as("never reached the cache").isZero();
		ZMQ.Socket polite = socket(SocketType.XSUB);
		polite.connect(lvc.getEndpoints().get(1));
		polite.send(new byte[] { 1, 't', 'x' });
		await().atMost(WAIT).until(() -> lvc.getCounters().getSubscriptionsHeld() == 1);
		long forwarded = lvc.getBackendToFrontend().getMessagesOut();
		polite.send(new byte[] { 0, 't', 'x' }); // an unsubscription is forwarded upstream
		await().atMost(WAIT).until(() -> lvc.getBackendToFrontend().getMessagesOut() > forwarded);
		assertThat(lvc.getState()).isEqualTo(ZmqActorState.RUNNING);
		// and it still serves: a late subscriber gets both topics' values
		ZMQ.Socket sub = socket(SocketType.SUB);
		sub.setReceiveTimeOut((int) WAIT.toMillis());
		sub.subscribe("");
		sub.connect(lvc.getEndpoints().get(1));
		List<String> topics = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			topics.add(ZMsg.recvMsg(sub).popString());
		}
		assertThat(topics).containsExactlyInAnyOrder("topic-0", "topic-1");
	}

}
