package dev.zmqspring.clone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clone (Guide ch.5) against libzmq peers written from the chapter (pyzmq, in test resources): a
 * Guide-style client against our {@link CloneServer}, and our {@link ZmqCloneMap} against a
 * Guide-style server.
 */
class CloneInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final CloneTestSupport support = new CloneTestSupport();

	@BeforeEach
	void python() {
		PythonPeer.assumeAvailable();
	}

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void aGuideStyleClientSharesTheMapOfOurServer() {
		CloneServer server = this.support.server("interop");
		CloneEndpoints endpoints = CloneTestSupport.endpoints(server);
		ZmqCloneMap<String> java = this.support.map("java", "", endpoints);
		assertThat(java.awaitSnapshot(WAIT)).isTrue();
		for (int i = 0; i < 10; i++) {
			java.set("java/key-" + i, "java-" + i);
		}
		await().atMost(WAIT).until(() -> java.asMap().size() == 10);
		try (PythonPeer client = PythonPeer.script("clone_client.py").option("snapshot", endpoints.snapshot())
				.option("publisher", endpoints.publisher()).option("collector", endpoints.collector())
				.option("set", "10").option("expect", "20").start()) {
			client.awaitReady(WAIT);
			assertThat(client.awaitLine("SNAPSHOT ", WAIT)).isEqualTo("SNAPSHOT 10 10");
			String map = client.awaitLine("MAP ", WAIT);
			await().atMost(WAIT).until(() -> java.asMap().size() == 20);
			assertThat(map).isEqualTo("MAP " + render(java.asMap()));
			assertThat(client.lines()).noneMatch((line) -> line.startsWith("DUPLICATE"));
		}
	}

	/**
	 * Issue 32: the server publishes a client's {@code ttl} as the relative seconds it was sent with,
	 * as clonesrv5/clonesrv6 do (a Guide backup adds them to its clock), and keeps the absolute
	 * expiry for itself: the key still expires.
	 */
	@Test
	void aGuideStyleClientSeesTheRelativeTtlOurServerPublishes() {
		CloneServer server = this.support.server("ttl");
		CloneEndpoints endpoints = CloneTestSupport.endpoints(server);
		ZmqCloneMap<String> java = this.support.map("java", "", endpoints);
		assertThat(java.awaitSnapshot(WAIT)).isTrue();
		try (PythonPeer client = PythonPeer.script("clone_client.py").option("snapshot", endpoints.snapshot()).option("publisher", endpoints.publisher()).option("collector", endpoints.collector()).option("set", "3").option("ttl", "2").start()) {
			client.awaitReady(WAIT);
			client.awaitLine("SENT ", WAIT);
			await().atMost(WAIT).until(() -> client.lines().stream().filter((line) -> line.startsWith("TTL ")).count() == 2);
			assertThat(client.lines()).filteredOn((line) -> line.startsWith("TTL "))
				.containsExactly("TTL py/key-1 1", "TTL py/key-2 1");
			await().atMost(WAIT).until(() -> "py-0".equals(java.get("py/key-0")) && !java.asMap().containsKey("py/key-1")
					&& !java.asMap().containsKey("py/key-2"));
		}
		assertThat(server.getKeyCount()).isEqualTo(1);
	}

	@Test
	void ourMapSharesTheMapOfAGuideStyleServer() {
		try (PythonPeer server = PythonPeer.script("clone_server.py").option("snapshot", "tcp://127.0.0.1:*")
				.option("publisher", "tcp://127.0.0.1:*").option("collector", "tcp://127.0.0.1:*")
				.option("hugz-ms", "100").start()) {
			server.awaitReady(WAIT);
			String[] eps = server.awaitLine("ENDPOINTS ", WAIT).split(" ");
			CloneEndpoints endpoints = new CloneEndpoints(eps[1], eps[2], eps[3]);
			ZmqCloneMap<String> java = this.support.start(new ZmqCloneMap<>("java", this.support.factory,
					List.of(endpoints), "", String.class, ZmqMessageConverters.defaults(), Duration.ofSeconds(2),
					Duration.ofSeconds(5), null));
			assertThat(java.awaitSnapshot(WAIT)).isTrue();
			for (int i = 0; i < 5; i++) {
				java.set("java/key-" + i, "java-" + i);
			}
			java.set("java/ephemeral", "soon gone", Duration.ofSeconds(1));
			await().atMost(WAIT).until(() -> java.asMap().size() == 6);
			try (PythonPeer client = PythonPeer.script("clone_client.py").option("snapshot", endpoints.snapshot())
					.option("publisher", endpoints.publisher()).option("collector", endpoints.collector())
					.option("set", "5").start()) {
				client.awaitReady(WAIT);
				client.awaitLine("SENT ", WAIT);
				await().atMost(WAIT).until(() -> java.asMap().size() == 10 && !java.asMap().containsKey("java/ephemeral"));
			}
			assertThat(java.asMap()).containsEntry("py/key-4", "py-4").containsEntry("java/key-0", "java-0");
			assertThat(java.getIgnoredUpdates()).isZero();
			assertThat(java.getFailovers()).isZero();
		}
	}

	private static String render(Map<String, String> map) {
		return new TreeMap<>(map).entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining(","));
	}

}
