package dev.zmqspring.clone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.binarystar.BinaryStarState;
import dev.zmqspring.support.ZmqEndpoint;

import static dev.zmqspring.support.LoopbackPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The second failover of a Clone pair (Guide ch.5 "Clone Server Reliability", model 6): the primary
 * is stopped, the clients write to the backup, and their sockets queue the same updates for the
 * stopped primary's collector. The restarted primary gets them on reconnect, long after the backup
 * published them, and stays passive. When the backup is stopped in turn, the primary takes over:
 * it must publish none of those stale updates (no key deleted or expired comes back, no newer value
 * is overwritten), its pending list must be empty, and the keys it replicated expire on time.
 */
class ClonePairRestartTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int KEYS = 10;

	private final CloneTestSupport support = new CloneTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void aRestartedPrimaryPublishesNoStaleUpdateWhenItTakesOverAgain() {
		String primaryStates = local();
		String backupStates = local();
		CloneServerConfig primaryConfig = config().withPeer(local(), local());
		CloneServerConfig backupConfig = config().withPeer(primaryConfig.snapshot(), primaryConfig.publisher());
		primaryConfig = primaryConfig.withPeer(backupConfig.snapshot(), backupConfig.publisher());
		BinaryStar primaryStar = this.support.start(star(true, primaryStates, backupStates));
		BinaryStar backupStar = this.support.start(star(false, backupStates, primaryStates));
		CloneServer primary = this.support.start(new CloneServer("primary", this.support.factory, primaryConfig,
				primaryStar, Duration.ofSeconds(5)));
		CloneServer backup = this.support.start(new CloneServer("backup", this.support.factory, backupConfig,
				backupStar, Duration.ofSeconds(5)));
		await().atMost(WAIT).until(() -> primaryStar.getPairState() == BinaryStarState.ACTIVE
				&& backupStar.getPairState() == BinaryStarState.PASSIVE && backup.isReplicated());
		CloneEndpoints first = endpoints(primaryConfig);
		CloneEndpoints second = endpoints(backupConfig);
		ZmqCloneMap<String> writer = this.support.map("writer", "", first, second);
		ZmqCloneMap<String> observer = this.support.map("observer", "", first, second);
		for (ZmqCloneMap<String> map : List.of(writer, observer)) {
			assertThat(map.awaitSnapshot(WAIT)).isTrue();
			await().atMost(WAIT).until(() -> map.getSubscribedServers() == 2);
		}
		writer.set("keep", "v0");
		await().atMost(WAIT).until(() -> "v0".equals(observer.get("keep")) && backup.getKeyCount() == 1);

		// 1. the primary stops; the maps fail over, the backup takes over; the writer's socket queues
		// every update for the stopped primary's collector too
		primary.stop();
		primaryStar.stop();
		await().atMost(WAIT).until(() -> backup.isServing() && second.snapshot().equals(writer.getConnectedServer())
				&& second.snapshot().equals(observer.getConnectedServer()));
		for (int i = 0; i < KEYS; i++) {
			writer.set("ttl/" + i, "t-" + i, Duration.ofSeconds(1));
			writer.set("over/" + i, "old-" + i);
			writer.set("gone/" + i, "g-" + i);
			writer.delete("gone/" + i);
		}
		await().atMost(WAIT).until(() -> observer.asMap().size() == 1 + 2 * KEYS);
		await().atMost(WAIT).until(() -> backup.snapshot().keySet().stream().noneMatch((k) -> k.startsWith("ttl/"))
				&& observer.asMap().size() == 1 + KEYS);

		// 2. the primary restarts, finds the backup active and stays passive; its collector gets the
		// queued updates, which the backup published long ago
		List<ZmqCloneChangedEvent> events = new CopyOnWriteArrayList<>();
		observer.addListener(events::add);
		primaryStar.start();
		primary.start();
		Tap tap = new Tap(primaryConfig.publisher());
		await().atMost(WAIT).pollInSameThread().until(() -> tap.connected()
				&& primaryStar.getPairState() == BinaryStarState.PASSIVE && primary.isReplicated());
		for (int i = 0; i < KEYS; i++) {
			writer.set("over/" + i, "new-" + i);
		}
		String lastNew = "new-" + (KEYS - 1);
		await().atMost(WAIT).until(() -> lastNew.equals(observer.get("over/" + (KEYS - 1)))
				&& lastNew.equals(replicaValue(primary, "over/" + (KEYS - 1))));
		writer.set("eph", "e", Duration.ofSeconds(3));
		await().atMost(WAIT).until(() -> primary.snapshot().containsKey("eph") && observer.get("eph") != null);
		boolean drained = awaitQuietly(() -> primary.getPendingCount() == 0);
		long pendingBeforeTakeover = primary.getPendingCount();
		long staleArrived = primary.getPendingCount() + primary.getPendingDropped();
		Map<String, byte[]> replica = primary.snapshot();

		// 3. the backup stops; the maps fail over to the primary, which takes over
		int eventsBeforeTakeover = events.size();
		backup.stop();
		backupStar.stop();
		long lastOfBackup = backup.getSequence();
		await().atMost(WAIT).until(() -> primary.isServing() && first.snapshot().equals(writer.getConnectedServer())
				&& first.snapshot().equals(observer.getConnectedServer()) && observer.getLastSequence() >= lastOfBackup);
		writer.set("marker", "m");
		await().atMost(WAIT).pollInSameThread().until(() -> tap.drain() && tap.sawKey("marker"));
		List<KvMsg> publishedOnTakeover = tap.updatesBefore("marker").stream()
			.filter((msg) -> !(msg.key().equals("eph") && msg.isDelete()))
			.toList();
		await().atMost(WAIT).until(() -> observer.get("eph") == null && "m".equals(observer.get("marker")));
		tap.drain();

		Map<String, String> expected = new TreeMap<>();
		expected.put("keep", "v0");
		for (int i = 0; i < KEYS; i++) {
			expected.put("over/" + i, "new-" + i);
		}
		expected.put("marker", "m");
		List<String> resurrected = new ArrayList<>();
		for (ZmqCloneChangedEvent event : events.subList(eventsBeforeTakeover, events.size())) {
			String key = event.getKey();
			Object value = event.getValue();
			if ((key.startsWith("ttl/") || key.startsWith("gone/")) && value != null
					|| key.startsWith("over/") && String.valueOf(value).startsWith("old-")) {
				resurrected.add(key + "=" + value + " #" + event.getSequence());
			}
		}
		// every check is reported, not only the first that fails
		List<String> failures = new ArrayList<>();
		check(failures, staleArrived > 0, "no stale client update reached the restarted primary");
		check(failures, drained, "pending list not drained while the backup is active: " + pendingBeforeTakeover);
		check(failures, replica.containsKey("eph"), "the primary's replica has no 'eph'");
		check(failures, publishedOnTakeover.isEmpty(), "published on taking over: " + publishedOnTakeover);
		check(failures, tap.sequenceOf("marker") == lastOfBackup + 1, "the marker is #" + tap.sequenceOf("marker")
				+ ", the backup's last sequence #" + lastOfBackup);
		check(failures, tap.deleted("eph"), "the primary did not expire the key it replicated");
		check(failures, resurrected.isEmpty(), "deleted, expired or overwritten values seen again: " + resurrected);
		check(failures, expected.equals(new TreeMap<>(observer.asMap())), "observer map: " + observer.asMap());
		check(failures, expected.equals(new TreeMap<>(writer.asMap())), "writer map: " + writer.asMap());
		check(failures, primary.getPendingCount() == 0, "pending after takeover: " + primary.getPendingCount());
		assertThat(failures).as("expected map " + expected).isEmpty();
		tap.close();
	}

	private static void check(List<String> failures, boolean passed, String failure) {
		if (!passed) {
			failures.add(failure);
		}
	}

	private static @Nullable String replicaValue(CloneServer server, String key) {
		byte[] body = server.snapshot().get(key);
		return (body != null) ? new String(body, StandardCharsets.UTF_8) : null;
	}

	private static boolean awaitQuietly(Callable<Boolean> condition) {
		try {
			await().atMost(Duration.ofSeconds(10)).until(condition);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	private static String local() {
		return "tcp://127.0.0.1:" + freePort();
	}

	private static CloneServerConfig config() {
		return CloneServerConfig.of(local(), local(), local()).withHeartbeat(CloneTestSupport.HEARTBEAT);
	}

	private static CloneEndpoints endpoints(CloneServerConfig config) {
		return new CloneEndpoints(config.snapshot(), config.publisher(), config.collector());
	}

	private BinaryStar star(boolean primary, String local, String remote) {
		return new BinaryStar(this.support.factory, primary, ZmqEndpoint.parseAll(local, SocketType.PUB, "local"),
				ZmqEndpoint.parseAll(remote, SocketType.SUB, "remote"), CloneTestSupport.HEARTBEAT,
				Duration.ofSeconds(30), Duration.ofSeconds(5), null);
	}

	/**
	 * A SUB on a server's publisher that records every kvmsg; used only by the test thread (its
	 * awaits poll in the same thread). A monitor tells when its connection has finished the
	 * handshake, so its subscription is in place before the server publishes.
	 */
	private final class Tap {

		private final ZMQ.Socket socket;

		private final ZMQ.Socket monitor;

		private final List<KvMsg> received = new ArrayList<>();

		private boolean handshaken;

		Tap(String endpoint) {
			this.socket = ClonePairRestartTests.this.support.rawSocket(SocketType.SUB);
			String monitorEndpoint = "inproc://clone-tap-" + System.identityHashCode(this);
			this.socket.monitor(monitorEndpoint, ZMQ.EVENT_HANDSHAKE_PROTOCOL);
			this.monitor = ClonePairRestartTests.this.support.context.createSocket(SocketType.PAIR);
			this.monitor.connect(monitorEndpoint);
			this.socket.subscribe(ZMQ.SUBSCRIPTION_ALL);
			this.socket.connect(endpoint);
		}

		boolean connected() {
			ZMQ.Event event;
			while ((event = ZMQ.Event.recv(this.monitor, ZMQ.DONTWAIT)) != null) {
				this.handshaken |= event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL;
			}
			return this.handshaken;
		}

		boolean drain() {
			byte[][] frames;
			while ((frames = KvMsg.receiveFrames(this.socket, KvMsg.FRAMES)) != null) {
				KvMsg msg = KvMsg.decode(frames);
				if (msg != null && !msg.key().equals(KvMsg.HUGZ)) {
					this.received.add(msg);
				}
			}
			return true;
		}

		boolean sawKey(String key) {
			return this.received.stream().anyMatch((msg) -> msg.key().equals(key));
		}

		long sequenceOf(String key) {
			return this.received.stream().filter((msg) -> msg.key().equals(key)).mapToLong(KvMsg::sequence)
				.findFirst().orElse(-1);
		}

		boolean deleted(String key) {
			return this.received.stream().anyMatch((msg) -> msg.key().equals(key) && msg.isDelete());
		}

		List<KvMsg> updatesBefore(String key) {
			List<KvMsg> before = new ArrayList<>();
			for (KvMsg msg : this.received) {
				if (msg.key().equals(key)) {
					break;
				}
				before.add(msg);
			}
			return before;
		}

		void close() {
			ClonePairRestartTests.this.support.context.destroySocket(this.socket);
			ClonePairRestartTests.this.support.context.destroySocket(this.monitor);
		}

	}

}
