package dev.zmqspring.clone;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.zmqspring.support.LoopbackPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Clone server with a directory (decision 0021) keeps every update it published across a
 * restart: same keys, same sequence, and a new client's snapshot has them all.
 */
class ClonePersistenceTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final CloneTestSupport support = new CloneTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void aRestartedServerKeepsItsMap(@TempDir Path directory) {
		CloneServerConfig config = CloneServerConfig
			.of(local(), local(), local())
			.withHeartbeat(CloneTestSupport.HEARTBEAT)
			.withDirectory(directory);
		CloneServer server = this.support.start(new CloneServer("kept", this.support.factory, config, null,
				Duration.ofSeconds(5)));
		CloneEndpoints endpoints = new CloneEndpoints(config.snapshot(), config.publisher(), config.collector());
		ZmqCloneMap<String> writer = this.support.map("writer", "", endpoints);
		assertThat(writer.awaitSnapshot(WAIT)).isTrue();
		for (int i = 0; i < 100; i++) {
			writer.set("key-" + i, "value-" + i);
		}
		writer.delete("key-0");
		await().atMost(WAIT).until(() -> writer.getLastSequence() == 101);
		server.stop();
		server.start();
		assertThat(server.getKeyCount()).isEqualTo(99);
		assertThat(server.getSequence()).isEqualTo(101);
		ZmqCloneMap<String> reader = this.support.map("reader", "", endpoints);
		assertThat(reader.awaitSnapshot(WAIT)).isTrue();
		assertThat(reader.asMap()).hasSize(99).containsEntry("key-99", "value-99").doesNotContainKey("key-0");
		await().atMost(WAIT).until(() -> writer.asMap().equals(reader.asMap()));
	}

	private static String local() {
		return "tcp://127.0.0.1:" + freePort();
	}

}
