package dev.zmqspring.clone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clone (Guide ch.5) over loopback TCP: concurrent writers converge on one map, a late client gets
 * the snapshot and then every later update exactly once, ephemeral keys vanish from every client.
 */
class CloneConvergenceTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final CloneTestSupport support = new CloneTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void threeClientsSettingAThousandKeysEachConvergeOnTheSameMap() throws Exception {
		CloneServer server = this.support.server("converge");
		CloneEndpoints endpoints = CloneTestSupport.endpoints(server);
		List<ZmqCloneMap<String>> maps = List.of(this.support.map("a", "", endpoints),
				this.support.map("b", "", endpoints), this.support.map("c", "", endpoints));
		maps.forEach((map) -> assertThat(map.awaitSnapshot(WAIT)).isTrue());
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> writers = new ArrayList<>();
		for (ZmqCloneMap<String> map : maps) {
			Thread writer = new Thread(() -> {
				try {
					go.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = 0; i < 1000; i++) {
					map.set(map.getName() + "/key-" + i, "value-" + i);
					map.set("shared/key-" + (i % 100), map.getName() + "-" + i);
				}
			});
			writer.start();
			writers.add(writer);
		}
		go.countDown();
		for (Thread writer : writers) {
			writer.join(WAIT.toMillis());
		}
		await().atMost(WAIT).until(() -> server.getSequence() == 6000);
		Map<String, String> expected = new TreeMap<>();
		server.snapshot().forEach((key, body) -> expected.put(key, new String(body)));
		assertThat(expected).hasSize(3100);
		for (ZmqCloneMap<String> map : maps) {
			await().atMost(WAIT).until(() -> map.getLastSequence() == 6000);
			assertThat(new TreeMap<>(map.asMap())).isEqualTo(expected);
		}
	}

	@Test
	void aLateClientGetsTheSnapshotAndThenEveryLaterUpdateOnce() {
		CloneServer server = this.support.server("late");
		CloneEndpoints endpoints = CloneTestSupport.endpoints(server);
		ZmqCloneMap<String> early = this.support.map("early", "", endpoints);
		assertThat(early.awaitSnapshot(WAIT)).isTrue();
		for (int i = 0; i < 500; i++) {
			early.set("key-" + i, "before-" + i);
		}
		await().atMost(WAIT).until(() -> server.getSequence() == 500);
		ZmqCloneMap<String> late = new ZmqCloneMap<>("late", this.support.factory, List.of(endpoints), "", String.class,
				dev.zmqspring.core.ZmqMessageConverters.defaults(), CloneTestSupport.SERVER_TIMEOUT,
				Duration.ofSeconds(5), null);
		Map<String, AtomicInteger> changes = new ConcurrentHashMap<>();
		List<Long> sequences = new CopyOnWriteArrayList<>();
		late.addListener((event) -> {
			changes.computeIfAbsent(event.getKey(), (k) -> new AtomicInteger()).incrementAndGet();
			sequences.add(event.getSequence());
		});
		this.support.start(late);
		assertThat(late.awaitSnapshot(WAIT)).isTrue();
		assertThat(late.asMap()).hasSize(500).containsEntry("key-499", "before-499");
		for (int i = 500; i < 1000; i++) {
			early.set("key-" + i, "after-" + i);
		}
		await().atMost(WAIT).until(() -> late.getLastSequence() == 1000);
		assertThat(late.asMap()).hasSize(1000).isEqualTo(early.asMap());
		assertThat(changes).hasSize(1000);
		assertThat(changes.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		List<Long> updates = sequences.subList(500, sequences.size());
		assertThat(updates).hasSize(500).isSorted().doesNotHaveDuplicates();
		assertThat(updates.get(0)).isEqualTo(501);
	}

	@Test
	void ephemeralKeysDisappearFromEveryClient() {
		CloneServer server = this.support.server("ttl");
		CloneEndpoints endpoints = CloneTestSupport.endpoints(server);
		ZmqCloneMap<String> one = this.support.map("one", "", endpoints);
		ZmqCloneMap<String> two = this.support.map("two", "", endpoints);
		assertThat(one.awaitSnapshot(WAIT) && two.awaitSnapshot(WAIT)).isTrue();
		one.set("presence/alice", "online", Duration.ofSeconds(1));
		two.set("config/colour", "blue");
		await().atMost(WAIT).until(() -> one.asMap().size() == 2 && two.asMap().size() == 2);
		await().atMost(WAIT).until(() -> !one.asMap().containsKey("presence/alice")
				&& !two.asMap().containsKey("presence/alice"));
		assertThat(one.asMap()).isEqualTo(Map.of("config/colour", "blue")).isEqualTo(two.asMap());
		assertThat(server.snapshot()).containsOnlyKeys("config/colour");
	}

	@Test
	void aSubtreeClientSeesOnlyItsSubtree() {
		CloneServer server = this.support.server("subtree");
		CloneEndpoints endpoints = CloneTestSupport.endpoints(server);
		ZmqCloneMap<String> all = this.support.map("all", "", endpoints);
		assertThat(all.awaitSnapshot(WAIT)).isTrue();
		all.set("/a/one", "1");
		all.set("/b/two", "2");
		await().atMost(WAIT).until(() -> server.getSequence() == 2);
		ZmqCloneMap<String> onlyA = this.support.map("onlyA", "/a/", endpoints);
		assertThat(onlyA.awaitSnapshot(WAIT)).isTrue();
		all.set("/a/three", "3");
		all.set("/b/four", "4");
		await().atMost(WAIT).until(() -> all.asMap().size() == 4 && onlyA.asMap().size() == 2);
		assertThat(onlyA.asMap()).isEqualTo(Map.of("/a/one", "1", "/a/three", "3"));
		all.delete("/a/one");
		await().atMost(WAIT).until(() -> onlyA.asMap().equals(Map.of("/a/three", "3")));
	}

}
