package dev.zmqspring.majordomo.titanic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Titanic resumes after a restart (Guide ch.4 "Disconnected Reliability"): the stored requests
 * without a reply, oldest first by the time they were stored, each file's time read once.
 */
class TitanicStorePendingTests {

	@Test
	void pendingRequestsComeOldestFirstWithoutTheAnsweredOnes(@TempDir Path directory) throws Exception {
		long seed = System.nanoTime();
		System.out.println("TitanicStorePendingTests seed " + seed);
		Random random = new Random(seed);
		TitanicStore store = new TitanicStore(directory);
		List<String> ids = new ArrayList<>();
		List<Long> times = new ArrayList<>();
		long base = 1_700_000_000_000L;
		for (int i = 0; i < 200; i++) {
			String id = store.storeRequest(List.of("echo".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) i }));
			long stored = base + random.nextInt(1_000_000) * 1000L;
			Files.setLastModifiedTime(directory.resolve(id + ".request"), FileTime.fromMillis(stored));
			ids.add(id);
			times.add(stored);
		}
		List<String> answered = new ArrayList<>();
		for (int i = 0; i < 200; i += 7) {
			store.storeReply(ids.get(i), List.of(new byte[] { 1 }));
			answered.add(ids.get(i));
		}
		List<String> pending = store.pending();
		assertThat(pending).hasSize(200 - answered.size()).doesNotContainAnyElementsOf(answered);
		for (int i = 1; i < pending.size(); i++) {
			assertThat(times.get(ids.indexOf(pending.get(i)))).as("stored no earlier than the one before")
				.isGreaterThanOrEqualTo(times.get(ids.indexOf(pending.get(i - 1))));
		}
	}

}
