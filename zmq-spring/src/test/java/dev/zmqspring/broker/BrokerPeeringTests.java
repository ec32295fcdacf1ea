package dev.zmqspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.ZmqEndpoint;

import static dev.zmqspring.support.LoopbackPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Guide ch.3 inter-broker routing: three peered load-balancing brokers, workers on one of them. */
class BrokerPeeringTests {

	static final Duration STATE_INTERVAL = Duration.ofMillis(200);

	static final List<String> NAMES = List.of("north", "south", "east");

	final BrokerTestSupport support = new BrokerTestSupport();

	/** Per broker: frontend, backend, state, cloud ports. */
	final Map<String, int[]> ports = new ConcurrentHashMap<>();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	static String tcp(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	ZmqBrokerDefinition definition(String name) {
		int[] own = this.ports.computeIfAbsent(name, (n) -> new int[] { freePort(), freePort(), freePort(), freePort() });
		List<ZmqBrokerPeering.Peer> peers = new ArrayList<>();
		for (String other : NAMES) {
			if (!other.equals(name)) {
				int[] theirs = this.ports.computeIfAbsent(other,
						(n) -> new int[] { freePort(), freePort(), freePort(), freePort() });
				peers.add(new ZmqBrokerPeering.Peer(other,
						ZmqEndpoint.parseAll(">" + tcp(theirs[2]), SocketType.SUB, "state"),
						ZmqEndpoint.parseAll(">" + tcp(theirs[3]), SocketType.ROUTER, "cloud")));
			}
		}
		ZmqBrokerPeering peering = new ZmqBrokerPeering(
				ZmqEndpoint.parseAll("@" + tcp(own[2]), SocketType.PUB, "state-endpoint"),
				ZmqEndpoint.parseAll("@" + tcp(own[3]), SocketType.ROUTER, "cloud-endpoint"), STATE_INTERVAL, peers);
		return new ZmqBrokerDefinition(name, ZmqBrokerType.LOAD_BALANCING,
				ZmqEndpoint.parseAll("@" + tcp(own[0]), SocketType.ROUTER, "frontend"),
				ZmqEndpoint.parseAll("@" + tcp(own[1]), SocketType.ROUTER, "backend"), Duration.ofSeconds(1), 3,
				64 * 1024, "zmq.brokers." + name, peering);
	}

	ZmqBroker start(String name) {
		return this.support.broker(definition(name));
	}

	void workers(String broker, int count) {
		LoadBalancingWorkerProtocol protocol = new LoadBalancingWorkerProtocol();
		for (int i = 0; i < count; i++) {
			String id = broker + "-w" + i + "-" + System.nanoTime();
			this.support.worker(protocol, id, ">" + tcp(this.ports.get(broker)[1]),
					(request) -> BrokerTestSupport.reply(broker + ":" + request.peekFirst().getString(ZMQ.CHARSET)));
		}
	}

	/** Requests from clients of every broker; each must come back once, with its own reply. */
	void requestFromAll(ZmqTemplate template, String round, int perClient, Set<String> answered) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(NAMES.size());
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (String name : NAMES) {
				String frontend = tcp(this.ports.get(name)[0]);
				futures.add(clients.submit(() -> {
					for (int i = 0; i < perClient; i++) {
						String request = round + "-" + name + "-" + i;
						String reply = template.request(frontend, request, String.class);
						assertThat(reply).isEqualTo("north:" + request);
						assertThat(answered.add(request)).as("answered once: " + request).isTrue();
					}
					template.releaseThreadSockets();
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	@Test
	void clientsOfAllThreeBrokersAreServedByTheWorkersOfOne() throws Exception {
		ZmqBroker north = start("north");
		ZmqBroker south = start("south");
		ZmqBroker east = start("east");
		workers("north", 3);
		await().atMost(Duration.ofSeconds(10)).until(() -> north.getIdleWorkers() == 3
				&& north.getPeers().size() == 2 && south.getPeers().getOrDefault("north", 0) > 0 && east.getPeers().getOrDefault("north", 0) > 0);
		assertThat(north.getPeers()).containsOnlyKeys("south", "east");
		assertThat(south.getDetails()).containsKey("peers");

		ZmqTemplate template = this.support.template(Duration.ofMillis(1500), 20);
		Set<String> answered = ConcurrentHashMap.newKeySet();
		requestFromAll(template, "a", 50, answered);
		assertThat(answered).hasSize(150);
	}

	@Test
	void aStoppedPeerIsToldDeadByItsCloudConnectionAndRequestsMeanwhileAreRetriedUntilAnsweredOnce() throws Exception {
		ZmqBroker north = start("north");
		ZmqBroker south = start("south");
		ZmqBroker east = start("east");
		workers("north", 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> south.getPeers().getOrDefault("north", 0) > 0
				&& east.getPeers().getOrDefault("north", 0) > 0);
		ZmqTemplate template = this.support.template(Duration.ofMillis(1000), 60);
		Set<String> answered = ConcurrentHashMap.newKeySet();
		requestFromAll(template, "before", 10, answered);

		north.stop();
		// its cloud connections close: the first request it refuses marks it unreachable, and
		// requests wait in the broker instead

		// clients keep asking while no broker has a worker; north comes back with fresh workers
		ExecutorService restart = Executors.newSingleThreadExecutor();
		CountDownLatch queued = new CountDownLatch(1);
		try {
			Future<?> later = restart.submit(() -> {
				await().atMost(Duration.ofSeconds(30)).until(() -> south.getQueuedRequests() > 0
						|| east.getQueuedRequests() > 0);
				ZmqBroker waiting = (south.getQueuedRequests() > 0) ? south : east;
				assertThat(waiting.getPeers()).doesNotContainKey("north");
				queued.countDown();
				ZmqBroker again = start("north");
				workers("north", 2);
				await().atMost(Duration.ofSeconds(10)).until(() -> again.getIdleWorkers() > 0);
				return null;
			});
			Set<String> afterwards = ConcurrentHashMap.newKeySet();
			ExecutorService clients = Executors.newFixedThreadPool(2);
			try {
				List<Future<?>> futures = new ArrayList<>();
				for (String name : List.of("south", "east")) {
					String frontend = tcp(this.ports.get(name)[0]);
					futures.add(clients.submit(() -> {
						for (int i = 0; i < 10; i++) {
							String request = "during-" + name + "-" + i;
							String reply = template.request(frontend, request, String.class);
							assertThat(reply).isEqualTo("north:" + request);
							assertThat(afterwards.add(request)).as("answered once: " + request).isTrue();
						}
						template.releaseThreadSockets();
						return null;
					}));
				}
				for (Future<?> future : futures) {
					future.get(120, TimeUnit.SECONDS);
				}
			}
			finally {
				clients.shutdownNow();
			}
			later.get(60, TimeUnit.SECONDS);
			assertThat(queued.getCount()).isZero();
			assertThat(afterwards).hasSize(20);
		}
		finally {
			restart.shutdownNow();
		}
	}

	@Test
	void garbageOnTheStateSubscriberAndTheCloudRoutersIsDroppedAndCounted() throws Exception {
		ZmqBroker north = start("north");
		ZmqBroker south = start("south");
		definition("east"); // not started: a hostile PUB takes its state endpoint
		workers("north", 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> south.getPeers().getOrDefault("north", 0) > 0);
		long southBefore = south.getCounters().getDropped();
		ZMQ.Socket hostile = this.support.rawSocket(SocketType.PUB);
		hostile.bind(tcp(this.ports.get("east")[2]));
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			hostile.send("east", ZMQ.SNDMORE);
			hostile.send("lots"); // not a count
			hostile.send("nobody", ZMQ.SNDMORE);
			hostile.send("3"); // not a peer
			hostile.send("east"); // one frame
			return south.getCounters().getDropped() >= southBefore + 3;
		});
		assertThat(south.getPeers()).doesNotContainKey("east");

		long northBefore = north.getCounters().getDropped();
		ZMQ.Socket stranger = this.support.rawSocket(SocketType.DEALER);
		stranger.setIdentity("nobody".getBytes(ZMQ.CHARSET)); // not a peer
		stranger.connect(tcp(this.ports.get("north")[3]));
		ZMQ.Socket impostor = this.support.rawSocket(SocketType.DEALER);
		impostor.setIdentity("east".getBytes(ZMQ.CHARSET)); // a peer's name (not connected), but no envelope
		impostor.connect(tcp(this.ports.get("north")[3]));
		stranger.send("", ZMQ.SNDMORE);
		stranger.send("junk");
		impostor.send("no-envelope");
		await().atMost(Duration.ofSeconds(10)).until(() -> north.getCounters().getDropped() >= northBefore + 2);
		hostile.close();
		stranger.close();
		impostor.close();

		ZmqTemplate template = this.support.template(Duration.ofMillis(1500), 20);
		assertThat(template.request(tcp(this.ports.get("south")[0]), "still", String.class)).isEqualTo("north:still");
		assertThat(north.isRunning()).isTrue();
		assertThat(south.isRunning()).isTrue();
	}

	/**
	 * A peer cut off by a partition reconnects while its old cloud connection is still open on this
	 * broker's side (its close never arrived): the new connection carries the same identity, the
	 * peer's name, and must take the old one's place, else every request of the peer vanishes into a
	 * connection the ROUTER refused (found by the fault-injection suite, docs/failure-modes.md).
	 */
	@Test
	void aPeerThatReconnectsWhileItsOldCloudConnectionLingersIsServedOnTheNewOne() throws Exception {
		ZmqBroker north = start("north");
		definition("east"); // not started: hand-driven DEALERs named east play its cloud connections
		workers("north", 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> north.getIdleWorkers() == 1);
		String cloud = tcp(this.ports.get("north")[3]);
		ZMQ.Socket before = this.support.rawSocket(SocketType.DEALER);
		before.setIdentity("east".getBytes(ZMQ.CHARSET));
		before.connect(cloud);
		assertThat(cloudRequest(before, "client-1", "before")).isEqualTo("north:before");
		// east comes back on a new connection; the old one is never closed, as after a partition
		ZMQ.Socket after = this.support.rawSocket(SocketType.DEALER);
		after.setIdentity("east".getBytes(ZMQ.CHARSET));
		after.connect(cloud);
		assertThat(cloudRequest(after, "client-2", "after")).isEqualTo("north:after");
		before.close();
		after.close();
	}

	/** Sends {@code [client][""][body]} as a peer's cloud request and waits up to 10 s for the reply's body. */
	private static String cloudRequest(ZMQ.Socket peer, String client, String body) {
		peer.send(client, ZMQ.SNDMORE);
		peer.send("", ZMQ.SNDMORE);
		peer.send(body);
		List<String> reply = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
			String frame = peer.recvStr(ZMQ.DONTWAIT);
			while (frame != null) {
				reply.add(frame);
				frame = peer.hasReceiveMore() ? peer.recvStr() : null;
			}
			return !reply.isEmpty();
		});
		assertThat(reply).hasSize(3).startsWith(client, "");
		return reply.get(2);
	}

}
