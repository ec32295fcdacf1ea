package dev.zmqspring.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Clone checker on hand-built histories of two maps and a pair of servers: converged maps with
 * growing values pass; an older value over a newer one, a deleted key coming back, an expired key
 * that survives, a map that differs from the active server's, and two (or no) serving servers at
 * the end are each found.
 */
class CloneCheckerTests {

	private static final String FINAL = "/cc1/k1=3;/cc2/k1=2";

	/** cc1 writes /cc1/k1 = 1, 3 and a TTL key that expires; cc2 writes /cc2/k1 = 2 and deletes /cc2/k2. */
	private static HistoryBuilder cc1() {
		return new HistoryBuilder("cc1").at(1_000, "write", "key", "/cc1/k1", "value", "1")
			.at(1_005, "change", "key", "/cc1/k1", "value", "1", "seq", "1")
			.at(1_100, "write", "key", "/cc1/t1", "value", "2", "ttl", "1s")
			.at(1_105, "change", "key", "/cc1/t1", "value", "2", "seq", "2")
			.at(1_200, "write", "key", "/cc1/k1", "value", "3")
			.at(1_205, "change", "key", "/cc1/k1", "value", "3", "seq", "3")
			.at(2_105, "change", "key", "/cc1/t1", "value", "", "seq", "4");
	}

	private static HistoryBuilder cc2() {
		return new HistoryBuilder("cc2").at(1_000, "write", "key", "/cc2/k2", "value", "1")
			.at(1_005, "change", "key", "/cc2/k2", "value", "1", "seq", "5")
			.at(1_100, "write", "key", "/cc2/k1", "value", "2")
			.at(1_105, "change", "key", "/cc2/k1", "value", "2", "seq", "6")
			.at(1_200, "write", "key", "/cc2/k2", "value", "")
			.at(1_205, "change", "key", "/cc2/k2", "value", "", "seq", "7");
	}

	private static Map<String, List<Event>> servers(String activeMap, boolean backupServing) {
		Map<String, List<Event>> servers = new LinkedHashMap<>();
		servers.put("cs1", new HistoryBuilder("cs1").at(30_000, "final", "serving", "true", "map", activeMap, "pending", "0")
			.events());
		servers.put("cs2", new HistoryBuilder("cs2")
			.at(30_000, "final", "serving", Boolean.toString(backupServing), "map", activeMap, "pending", "0")
			.events());
		return servers;
	}

	private static Verdict check(HistoryBuilder first, HistoryBuilder second, Map<String, List<Event>> servers) {
		Verdict verdict = new Verdict("test");
		Map<String, List<Event>> clients = new LinkedHashMap<>();
		clients.put("cc1", first.events());
		clients.put("cc2", second.events());
		CloneChecker.check(verdict, clients, servers);
		return verdict;
	}

	private static Verdict check(HistoryBuilder first, HistoryBuilder second) {
		return check(first, second, servers(FINAL, false));
	}

	@Test
	void convergedMapsPass() {
		Verdict verdict = check(cc1().at(20_000, "final", "map", FINAL), cc2().at(20_000, "final", "map", FINAL));
		assertThat(verdict.failed).isEmpty();
		assertThat(verdict.operations).isEqualTo(6);
		assertThat(verdict.acknowledged).isEqualTo(6);
		assertThat(verdict.lost + verdict.wrong).isZero();
	}

	@Test
	void olderValueOverwritingANewerOneIsFound() {
		Verdict verdict = check(cc1().at(5_000, "change", "key", "/cc1/k1", "value", "1", "seq", "9")
			.at(20_000, "final", "map", "/cc1/k1=1;/cc2/k1=2"), cc2().at(20_000, "final", "map", "/cc1/k1=1;/cc2/k1=2"),
				servers("/cc1/k1=1;/cc2/k1=2", false));
		assertThat(verdict.wrong).isEqualTo(1);
		assertThat(verdict.failed).singleElement().asString().startsWith("no older value overwrites a newer")
			.contains("/cc1/k1 went back from 3 to 1 (sequence 9)");
	}

	@Test
	void deletedKeyComingBackIsFound() {
		// a stale pending update published again after a failover: the deleted /cc2/k2 returns with 1
		String resurrected = FINAL + ";/cc2/k2=1";
		Verdict verdict = check(cc1().at(20_000, "final", "map", resurrected),
				cc2().at(8_000, "change", "key", "/cc2/k2", "value", "1", "seq", "12")
					.at(20_000, "final", "map", resurrected),
				servers(resurrected, false));
		assertThat(verdict.failed).singleElement().asString().startsWith("no older value overwrites a newer")
			.contains("/cc2/k2 came back after its delete from 1 to 1");
		assertThat(verdict.lost).isEqualTo(1);
		assertThat(verdict.notes).anySatisfy((note) -> assertThat(note).contains("/cc2/k2 last written deleted"));
	}

	@Test
	void expiredKeyThatSurvivesIsFound() {
		String stale = FINAL + ";/cc1/t1=2";
		Verdict verdict = check(cc1().at(20_000, "final", "map", stale), cc2().at(20_000, "final", "map", stale),
				servers(stale, false));
		assertThat(verdict.failed).singleElement().asString().startsWith("no expired key comes back")
			.contains("ephemeral /cc1/t1");
	}

	@Test
	void mapThatDiffersFromTheActiveServersIsFound() {
		Verdict verdict = check(cc1().at(20_000, "final", "map", "/cc1/k1=1;/cc2/k1=2"),
				cc2().at(20_000, "final", "map", FINAL));
		assertThat(verdict.failed).singleElement().asString().startsWith("every map equals the active server's")
			.contains("cc1 differs").contains("/cc1/k1: 1 vs 3");
	}

	@Test
	void mapNeverRecordedIsFound() {
		Verdict verdict = check(cc1(), cc2().at(20_000, "final", "map", FINAL));
		assertThat(verdict.failed).singleElement().asString().contains("cc1 recorded no final map");
	}

	@Test
	void lastWriteMissingFromTheServerIsCountedLost() {
		Verdict verdict = check(cc1().at(6_000, "write", "key", "/cc1/k1", "value", "9").at(20_000, "final", "map", FINAL),
				cc2().at(20_000, "final", "map", FINAL));
		assertThat(verdict.lost).isEqualTo(1);
		assertThat(verdict.failed).isEmpty();
		assertThat(verdict.notes).anySatisfy((note) -> assertThat(note).contains("/cc1/k1 last written 9, server has 3"));
	}

	@Test
	void twoServersServingAtTheEndIsDualActive() {
		Verdict verdict = check(cc1().at(20_000, "final", "map", FINAL), cc2().at(20_000, "final", "map", FINAL),
				servers(FINAL, true));
		assertThat(verdict.failed).singleElement().asString().startsWith("exactly one server serves")
			.contains("both servers serving at the end");
	}

	@Test
	void noServerServingAtTheEndIsFound() {
		Map<String, List<Event>> servers = Map.of("cs1",
				new HistoryBuilder("cs1").at(30_000, "final", "serving", "false", "map", FINAL, "pending", "0").events());
		Verdict verdict = check(cc1().at(20_000, "final", "map", FINAL), cc2().at(20_000, "final", "map", FINAL), servers);
		assertThat(verdict.failed).singleElement().asString().contains("no server serving at the end");
	}

}
