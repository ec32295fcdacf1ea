package dev.zmqspring.clone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;

import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.binarystar.BinaryStarState;
import dev.zmqspring.support.ZmqEndpoint;

import static dev.zmqspring.support.LoopbackPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Clone server pair (Guide ch.5 "Clone Server Reliability", model 6) on a Binary Star pair: the
 * active server is stopped in the middle of 2,000 updates, the clients fail over to the passive one
 * and converge with nothing lost, and the stopped server comes back passive with the full map.
 */
class ClonePairTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final CloneTestSupport support = new CloneTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void clientsFailOverWhenTheActiveServerStopsAndNoUpdateIsLost() {
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
		ZmqCloneMap<String> even = this.support.map("even", "", first, second);
		ZmqCloneMap<String> odd = this.support.map("odd", "", first, second);
		for (ZmqCloneMap<String> map : List.of(even, odd)) {
			assertThat(map.awaitSnapshot(WAIT)).isTrue();
			await().atMost(WAIT).until(() -> map.getSubscribedServers() == 2);
		}
		for (int i = 0; i < 2000; i++) {
			if (i == 1000) {
				await().atMost(WAIT).until(() -> even.asMap().size() >= 500 && backup.getKeyCount() >= 500);
				primary.stop();
				primaryStar.stop();
			}
			((i % 2 == 0) ? even : odd).set("key-" + i, "value-" + i);
		}
		await().atMost(WAIT).until(() -> even.asMap().size() == 2000 && odd.asMap().size() == 2000);
		assertThat(new TreeMap<>(even.asMap())).isEqualTo(new TreeMap<>(odd.asMap()));
		for (int i = 0; i < 2000; i++) {
			assertThat(even.get("key-" + i)).isEqualTo("value-" + i);
		}
		assertThat(backupStar.getPairState()).isEqualTo(BinaryStarState.ACTIVE);
		assertThat(backup.isServing()).isTrue();
		assertThat(even.getConnectedServer()).isEqualTo(second.snapshot());
		assertThat(even.getFailovers()).isPositive();

		primaryStar.start();
		primary.start();
		await().atMost(WAIT).until(() -> primaryStar.getPairState() == BinaryStarState.PASSIVE
				&& primary.isReplicated() && primary.getKeyCount() == 2000);
		assertThat(primary.isServing()).isFalse();
		Map<String, byte[]> replica = primary.snapshot();
		assertThat(replica.keySet()).isEqualTo(backup.snapshot().keySet());
		assertThat(primary.getSequence()).isEqualTo(backup.getSequence());
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

}
