package dev.zmqspring.faults;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Binary Star checker on hand-built state histories of a pair: one active half passes, a failover
 * after a kill passes, two active halves while a partition separates them pass (the Guide's limit,
 * measured), and two active halves that could hear each other fail.
 */
class BinaryStarCheckerTests {

	private static final Set<String> SERVING = Set.of("ACTIVE", "PRIMARY");

	private static final long GRACE = 3_000;

	private static HistoryBuilder primary() {
		return new HistoryBuilder("p").at(0, "state", "to", "PRIMARY", "why", "started")
			.at(500, "state", "from", "PRIMARY", "to", "ACTIVE", "why", "peer backup");
	}

	private static HistoryBuilder backup() {
		return new HistoryBuilder("b").at(0, "state", "to", "BACKUP", "why", "started")
			.at(600, "state", "from", "BACKUP", "to", "PASSIVE", "why", "peer active");
	}

	private static Verdict check(HistoryBuilder p, HistoryBuilder b, List<Fault> faults, long end) {
		Verdict verdict = new Verdict("test");
		BinaryStarChecker.check(verdict, "p", "b", Map.of("p", p.events(), "b", b.events()), faults, end, GRACE, SERVING);
		return verdict;
	}

	@Test
	void oneActiveHalfPasses() {
		Verdict verdict = check(primary(), backup(), List.of(), 10_000);
		assertThat(verdict.failed).isEmpty();
		assertThat(verdict.notes).anySatisfy((note) -> assertThat(note).contains("longest 0 ms"));
	}

	@Test
	void dualActiveWhileTheHalvesHearEachOtherFails() {
		Verdict verdict = check(primary(), backup().at(5_000, "state", "from", "PASSIVE", "to", "ACTIVE", "why", "vote"),
				List.of(), 10_000);
		assertThat(verdict.failed).singleElement().asString()
			.startsWith("never two halves active while they can hear each other")
			.contains("5000 ms dual active");
	}

	@Test
	void dualActiveLongerThanThePartitionPlusGraceFails() {
		Verdict verdict = check(primary(), backup().at(5_000, "state", "from", "PASSIVE", "to", "ACTIVE", "why", "vote")
			.at(14_000, "state", "from", "ACTIVE", "to", "PASSIVE", "why", "dual active"),
				List.of(new Fault("partition", "p<->b", 4_000, 9_000)), 20_000);
		assertThat(verdict.failed).singleElement().asString().contains("for 2000 ms while they could hear each other");
	}

	@Test
	void dualActiveUnderAPartitionIsMeasuredNotFailed() {
		Verdict verdict = check(primary(), backup().at(5_000, "state", "from", "PASSIVE", "to", "ACTIVE", "why", "vote")
			.at(9_500, "state", "from", "ACTIVE", "to", "PASSIVE", "why", "dual active"),
				List.of(new Fault("partition", "p<->b", 4_000, 9_000)), 20_000);
		assertThat(verdict.failed).isEmpty();
		assertThat(verdict.notes).anySatisfy((note) -> assertThat(note).contains("longest 4500 ms"));
	}

	@Test
	void failoverAfterAKillAndTheRestartedPrimaryPass() {
		HistoryBuilder p = primary().at(15_000, "state", "to", "PRIMARY", "why", "started")
			.at(15_500, "state", "from", "PRIMARY", "to", "PASSIVE", "why", "peer active");
		HistoryBuilder b = backup().at(5_000, "state", "from", "PASSIVE", "to", "ACTIVE", "why", "vote");
		Verdict verdict = check(p, b, List.of(new Fault("kill", "p", 4_000, 6_000)), 20_000);
		assertThat(verdict.failed).isEmpty();
	}

	@Test
	void aKilledHalfThatSeemsActiveWithoutTheKillIsDualActive() {
		HistoryBuilder b = backup().at(5_000, "state", "from", "PASSIVE", "to", "ACTIVE", "why", "vote");
		assertThat(check(primary(), b, List.of(), 20_000).failed).hasSize(1);
	}

	@Test
	void requestsServedByBothHalvesAreCounted() {
		Verdict verdict = check(primary().at(1_000, "served", "req", "c1-1"),
				backup().at(1_200, "served", "req", "c1-1").at(1_300, "served", "req", "c1-2"), List.of(), 10_000);
		assertThat(verdict.notes).anySatisfy((note) -> assertThat(note).startsWith("1 request(s) served by both halves"));
	}

}
