package dev.zmqspring.clone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

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
 * What a passive Clone server publishes from its pending list when it takes over (Guide ch.5
 * clonesrv6). The active server heartbeats only once a minute here, so nothing leaves the passive
 * server's pending list before the takeover; Guide-style clients (raw XPUB sockets) send some
 * updates to the passive server's collector only, as if the active server never got them.
 */
class ClonePendingListTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final CloneTestSupport support = new CloneTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void onTakeoverTheNewActiveServerPublishesOnlyPendingUpdatesNothingMadeOld() {
		String activeStates = local();
		String passiveStates = local();
		CloneServerConfig activeConfig = config(Duration.ofMinutes(1)).withPeer(local(), local());
		CloneServerConfig passiveConfig = config(CloneTestSupport.HEARTBEAT).withPeer(activeConfig.snapshot(),
				activeConfig.publisher());
		activeConfig = activeConfig.withPeer(passiveConfig.snapshot(), passiveConfig.publisher());
		BinaryStar activeStar = this.support.start(star(true, activeStates, passiveStates));
		BinaryStar passiveStar = this.support.start(star(false, passiveStates, activeStates));
		CloneServer active = this.support.start(new CloneServer("active", this.support.factory, activeConfig,
				activeStar, Duration.ofSeconds(5)));
		CloneServer passive = this.support.start(new CloneServer("passive", this.support.factory, passiveConfig,
				passiveStar, Duration.ofSeconds(5)));
		await().atMost(WAIT).until(() -> activeStar.getPairState() == BinaryStarState.ACTIVE
				&& passiveStar.getPairState() == BinaryStarState.PASSIVE && passive.isReplicated());
		ZMQ.Socket toPassive = client(passiveConfig.collector());
		ZMQ.Socket toBoth = client(activeConfig.collector(), passiveConfig.collector());

		// updates that reach the passive server only
		long before = System.currentTimeMillis();
		send(toPassive, KvMsg.update("over", bytes("old"), Map.of()));
		send(toPassive, KvMsg.update("short", bytes("s"), Map.of(KvMsg.TTL, "1")));
		send(toPassive, KvMsg.update("live", bytes("l"), Map.of()));
		send(toPassive, KvMsg.update("long", bytes("L"), Map.of(KvMsg.TTL, "30")));
		await().atMost(WAIT).until(() -> passive.getPendingCount() == 4);
		long arrived = System.currentTimeMillis();
		// a newer value the active server publishes
		send(toBoth, KvMsg.update("over", bytes("new"), Map.of()));
		await().atMost(WAIT).until(() -> "new".equals(text(passive.snapshot().get("over")))
				&& passive.getPendingCount() == 4);
		// the short ttl passes while the update waits on the pending list
		await().atMost(WAIT).until(() -> System.currentTimeMillis() > arrived + 1200);
		long sequenceOfActive = active.getSequence();

		active.stop();
		activeStar.stop();
		Map<String, KvMsg> snapshot = new Voter(passiveConfig.snapshot()).awaitSnapshot();

		assertThat(text(snapshot)).isEqualTo(Map.of("over", "new", "live", "l", "long", "L"));
		long expiry = Long.parseLong(snapshot.get("long").property(KvMsg.TTL));
		assertThat(expiry).as("the ttl counts from the update's arrival, not from the takeover")
			.isBetween(before + 30_000, arrived + 30_000);
		assertThat(snapshot.get(KvMsg.KTHXBAI).sequence()).isEqualTo(sequenceOfActive + 2);
		assertThat(passive.getPendingDropped()).isEqualTo(2);
		assertThat(passive.getPendingCount()).isZero();
	}

	private ZMQ.Socket client(String... collectors) {
		ZMQ.Socket socket = this.support.rawSocket(SocketType.XPUB);
		socket.setReceiveTimeOut((int) WAIT.toMillis());
		socket.setXpubVerbose(true);
		for (String collector : collectors) {
			socket.connect(collector);
		}
		for (int i = 0; i < collectors.length; i++) {
			assertThat(socket.recv(0)).as("subscription of collector %d", i).isNotNull();
		}
		return socket;
	}

	private static void send(ZMQ.Socket socket, KvMsg update) {
		assertThat(update.send(socket, null)).isTrue();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] body) {
		return (body != null) ? new String(body, StandardCharsets.UTF_8) : null;
	}

	private static Map<String, String> text(Map<String, KvMsg> snapshot) {
		Map<String, String> values = new TreeMap<>();
		snapshot.forEach((key, msg) -> {
			if (!key.equals(KvMsg.KTHXBAI)) {
				values.put(key, text(msg.body()));
			}
		});
		return values;
	}

	private static String local() {
		return "tcp://127.0.0.1:" + freePort();
	}

	private static CloneServerConfig config(Duration heartbeat) {
		return CloneServerConfig.of(local(), local(), local()).withHeartbeat(heartbeat);
	}

	private BinaryStar star(boolean primary, String local, String remote) {
		return new BinaryStar(this.support.factory, primary, ZmqEndpoint.parseAll(local, SocketType.PUB, "local"),
				ZmqEndpoint.parseAll(remote, SocketType.SUB, "remote"), CloneTestSupport.HEARTBEAT,
				Duration.ofSeconds(30), Duration.ofSeconds(5), null);
	}

	/**
	 * A client asking a server for its snapshot until it answers: its {@code ICANHAZ?} is the vote
	 * that makes a passive server whose peer is silent take over. Used by the test thread only.
	 */
	private final class Voter {

		private final ZMQ.Socket socket;

		private final Map<String, KvMsg> received = new TreeMap<>();

		private long nextAsk;

		Voter(String snapshot) {
			this.socket = ClonePendingListTests.this.support.rawSocket(SocketType.DEALER);
			this.socket.connect(snapshot);
		}

		Map<String, KvMsg> awaitSnapshot() {
			await().atMost(WAIT).pollInSameThread().until(this::answered);
			return this.received;
		}

		private boolean answered() {
			long now = System.currentTimeMillis();
			if (now >= this.nextAsk) {
				this.socket.sendMore(KvMsg.ICANHAZ);
				this.socket.send(new byte[0], 0);
				this.nextAsk = now + 300;
			}
			byte[][] frames;
			while ((frames = KvMsg.receiveFrames(this.socket, KvMsg.FRAMES)) != null) {
				KvMsg msg = KvMsg.decode(frames);
				if (msg != null) {
					this.received.put(msg.key(), msg);
				}
			}
			return this.received.containsKey(KvMsg.KTHXBAI);
		}

	}

}
