package dev.zmqspring.proxy;

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
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.core.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Each proxy type moving traffic between JeroMQ peers, steering and counting. */
class ZmqProxyTests {

	ZContext context;

	ZmqSocketFactory factory;

	ZmqProxy proxy;

	@BeforeEach
	void setUp() {
		this.context = new ZContext();
		this.factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS);
	}

	@AfterEach
	void tearDown() {
		if (this.proxy != null) {
			this.proxy.stop();
		}
		this.context.close();
	}

	/**
	 * A test socket with a handshake interval: JeroMQ 0.6.0 stalls a fresh connection now and then in
	 * its handshake (docs/jeromq.md), for 30 s without one, longer than these tests wait.
	 */
	private ZMQ.Socket socket(SocketType type) {
		ZMQ.Socket socket = this.context.createSocket(type);
		socket.setHandshakeIvl(1000);
		return socket;
	}

	ZmqProxy start(ZmqProxyType type, String frontend, String backend) {
		ZmqProxyDefinition definition = new ZmqProxyDefinition("test", type,
				ZmqEndpoint.parseAll(frontend, type.frontend(), "frontend"),
				ZmqEndpoint.parseAll(backend, type.backend(), "backend"), List.of(), "zmq.proxies.test");
		this.proxy = new ZmqProxy(definition, this.factory, Duration.ofSeconds(5));
		this.proxy.start();
		return this.proxy;
	}

	@Test
	void streamerMovesEveryMessageAndCountsIt() {
		ZmqProxy streamer = start(ZmqProxyType.STREAMER, "@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		List<String> endpoints = streamer.getEndpoints();
		try (ZMQ.Socket push = socket(SocketType.PUSH);
				ZMQ.Socket pull = socket(SocketType.PULL)) {
			push.connect(endpoints.get(0));
			pull.connect(endpoints.get(1));
			pull.setReceiveTimeOut(10_000);
			for (int i = 0; i < 1000; i++) {
				push.send("task " + i);
			}
			long bytes = 0;
			for (int i = 0; i < 1000; i++) {
				String task = pull.recvStr();
				assertThat(task).isEqualTo("task " + i);
				bytes += task.length();
			}
			long total = bytes;
			// counters are published once per batch, right after the batch went out: wait for them
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(streamer.getCounters().getMessagesIn()).isEqualTo(1000);
				assertThat(streamer.getCounters().getMessagesOut()).isEqualTo(1000);
				assertThat(streamer.getCounters().getBytesIn()).isEqualTo(total);
				assertThat(streamer.getFrontendToBackend().getMessagesOut()).isEqualTo(1000);
			});
			assertThat(streamer.getBackendToFrontend().getMessagesOut()).isZero();
		}
	}

	@Test
	void pauseStopsTheFlowAndResumeRestoresIt() {
		ZmqProxy streamer = start(ZmqProxyType.STREAMER, "@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		try (ZMQ.Socket push = socket(SocketType.PUSH);
				ZMQ.Socket pull = socket(SocketType.PULL)) {
			push.connect(streamer.getEndpoints().get(0));
			pull.connect(streamer.getEndpoints().get(1));
			push.send("before");
			pull.setReceiveTimeOut(10_000);
			assertThat(pull.recvStr()).isEqualTo("before");
			await().atMost(Duration.ofSeconds(5)).until(() -> streamer.getCounters().getMessagesIn() == 1);
			streamer.pause();
			assertThat(streamer.getState()).isEqualTo(ZmqActorState.PAUSED);
			for (int i = 0; i < 10; i++) {
				push.send("paused " + i);
			}
			pull.setReceiveTimeOut(300);
			assertThat(pull.recvStr()).as("nothing flows while paused").isNull();
			assertThat(streamer.getCounters().getMessagesIn()).isEqualTo(1);
			streamer.resume();
			pull.setReceiveTimeOut(10_000);
			for (int i = 0; i < 10; i++) {
				assertThat(pull.recvStr()).isEqualTo("paused " + i);
			}
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(streamer.getCounters().getMessagesOut()).isEqualTo(11));
		}
	}

	@Test
	void queueCarriesRequestsAndReplies() {
		String[] service = new String[1];
		ZmqActor rep = new ZmqActor("rep", this.factory, new ZmqActorBehavior() {
			@Override
			public void open(ZmqActorLoop loop) {
				ZMQ.Socket socket = loop.socket(SocketType.REP, List.of(ZmqEndpoint.bind("tcp://127.0.0.1:*")));
				service[0] = socket.getLastEndpoint();
				loop.register(socket, (s) -> {
					String request = s.recvStr(ZMQ.DONTWAIT);
					if (request != null) {
						s.send("re: " + request);
					}
				});
			}
		});
		rep.start(Duration.ofSeconds(5));
		ZmqTemplate template = new ZmqTemplate(this.factory, ZmqMessageConverters.defaults(), Duration.ofSeconds(5), 1);
		try {
			ZmqProxy queue = start(ZmqProxyType.QUEUE, "@tcp://127.0.0.1:*", ">" + service[0]);
			for (int i = 0; i < 50; i++) {
				assertThat(template.request(queue.getEndpoints().get(0), "q" + i, String.class)).isEqualTo("re: q" + i);
			}
			// REQ envelope: [identity][""][body] in, the same back; one message each way per request
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(queue.getFrontendToBackend().getMessagesOut()).isEqualTo(50);
				assertThat(queue.getBackendToFrontend().getMessagesOut()).isEqualTo(50);
			});
		}
		finally {
			template.destroy();
			rep.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void forwarderPassesSubscriptionsUpAndPublicationsDown() {
		ZmqProxy forwarder = start(ZmqProxyType.FORWARDER, "@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		try (ZMQ.Socket pub = socket(SocketType.PUB);
				ZMQ.Socket sub = socket(SocketType.SUB)) {
			pub.connect(forwarder.getEndpoints().get(0));
			sub.connect(forwarder.getEndpoints().get(1));
			sub.subscribe("10001".getBytes(ZMQ.CHARSET));
			sub.setReceiveTimeOut(20);
			int[] received = new int[1];
			// slow joiner (ch.1): publish until the subscription has travelled sub -> XPUB -> XSUB -> pub
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				pub.send("10001 warm-up");
				pub.send("10002 filtered");
				while (sub.recvStr() != null) {
					received[0]++;
				}
				return received[0] > 0;
			});
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
					forwarder.getBackendToFrontend().getMessagesOut()).as("subscriptions forwarded").isPositive());
			for (int i = 0; i < 100; i++) {
				pub.send("10001 update " + i);
			}
			sub.setReceiveTimeOut(10_000);
			String last = null;
			while (last == null || !last.equals("10001 update 99")) {
				last = sub.recvStr();
				assertThat(last).isNotNull().startsWith("10001");
				received[0]++;
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(
					() -> assertThat(forwarder.getFrontendToBackend().getMessagesOut()).isEqualTo(received[0]));
		}
	}

	@Test
	void captureReceivesACopyOfEveryFrame() {
		ZmqProxyDefinition definition = new ZmqProxyDefinition("captured", ZmqProxyType.STREAMER,
				List.of(ZmqEndpoint.bind("tcp://127.0.0.1:*")), List.of(ZmqEndpoint.bind("tcp://127.0.0.1:*")),
				List.of(ZmqEndpoint.bind("inproc://captured-tap")), "zmq.proxies.captured");
		this.proxy = new ZmqProxy(definition, this.factory, Duration.ofSeconds(5));
		this.proxy.start();
		try (ZMQ.Socket tap = socket(SocketType.SUB);
				ZMQ.Socket push = socket(SocketType.PUSH);
				ZMQ.Socket pull = socket(SocketType.PULL)) {
			tap.subscribe(ZMQ.SUBSCRIPTION_ALL);
			tap.connect("inproc://captured-tap");
			push.connect(this.proxy.getEndpoints().get(0));
			pull.connect(this.proxy.getEndpoints().get(1));
			pull.setReceiveTimeOut(10_000);
			tap.setReceiveTimeOut(10_000);
			assertThat(this.proxy.getEndpoints()).hasSize(3);
			// the tap's subscription travels asynchronously: send until the tap sees something
			int sent = 0;
			String seen = null;
			tap.setReceiveTimeOut(20);
			while (seen == null && sent < 10_000) {
				push.sendMore("part-a");
				push.send("part-b " + sent++);
				assertThat(pull.recvStr()).isEqualTo("part-a");
				assertThat(pull.recvStr()).startsWith("part-b");
				seen = tap.recvStr();
			}
			assertThat(seen).isEqualTo("part-a");
			assertThat(tap.hasReceiveMore()).as("multipart preserved on the tap").isTrue();
			assertThat(tap.recvStr()).startsWith("part-b");
		}
	}

	@Test
	void bindFailureNamesThePropertyAndMarksTheProxyFailed() {
		try (ZMQ.Socket squatter = socket(SocketType.PULL)) {
			squatter.bind("tcp://127.0.0.1:*");
			String taken = squatter.getLastEndpoint();
			assertThatExceptionOfType(ZmqException.class)
				.isThrownBy(() -> start(ZmqProxyType.STREAMER, "@tcp://127.0.0.1:*", "@" + taken))
				.withMessageContaining("zmq.proxies.test.backend");
			assertThat(this.proxy.getState()).isEqualTo(ZmqActorState.FAILED);
			assertThat(this.proxy.getFailure()).isNotNull();
		}
	}

	@Test
	void queueWithoutServiceHoldsRequestsAndStaysSteerable() {
		ZmqProxy queue = start(ZmqProxyType.QUEUE, "@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		try (ZMQ.Socket client = socket(SocketType.DEALER)) {
			client.connect(queue.getEndpoints().get(0));
			client.sendMore("");
			client.send("waiting");
			queue.pause(); // the control pipe answers although the backend has no peer yet
			assertThat(queue.getState()).isEqualTo(ZmqActorState.PAUSED);
			queue.resume();
			try (ZMQ.Socket service = socket(SocketType.DEALER)) {
				service.connect(queue.getEndpoints().get(1));
				service.setReceiveTimeOut(10_000);
				byte[] identity = service.recv();
				assertThat(identity).isNotEmpty();
				assertThat(service.recvStr()).isEmpty();
				assertThat(service.recvStr()).isEqualTo("waiting");
			}
		}
		queue.stop();
		assertThat(queue.getState()).isEqualTo(ZmqActorState.STOPPED);
	}

	@Test
	void stoppedProxyRestartsOnItsOwnFixedPorts() {
		String frontend;
		String backend;
		try (ZMQ.Socket probe = socket(SocketType.PULL)) {
			// learn two free ports from the OS, then configure them as fixed ports
			probe.bind("tcp://127.0.0.1:*");
			frontend = probe.getLastEndpoint();
			probe.bind("tcp://127.0.0.1:*");
			backend = probe.getLastEndpoint();
		}
		ZmqProxy streamer = null;
		String[] ends = { frontend, backend };
		ZmqProxy[] started = new ZmqProxy[1];
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			started[0] = start(ZmqProxyType.STREAMER, "@" + ends[0], "@" + ends[1]);
			return true;
		});
		streamer = started[0];
		streamer.stop();
		streamer.start(); // immediately: the component waits for JeroMQ to release its own ports
		assertThat(streamer.getState()).isEqualTo(ZmqActorState.RUNNING);
		assertThat(streamer.getEndpoints()).containsExactly(frontend, backend);
	}

}
