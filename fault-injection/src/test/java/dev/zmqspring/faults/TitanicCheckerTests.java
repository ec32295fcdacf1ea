package dev.zmqspring.faults;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Titanic checker on hand-built histories: an acknowledged request answered once (during the
 * workload or when drained afterwards) passes, a refused one is counted, an acknowledged one never
 * answered is lost and one answered twice is a duplicate.
 */
class TitanicCheckerTests {

	private static Verdict check(HistoryBuilder client) {
		Verdict verdict = new Verdict("test");
		TitanicChecker.check(verdict, Map.of("tc1", client.events()));
		return verdict;
	}

	/** tc1-1 answered at once; tc1-2 refused (full disk); tc1-3 acknowledged, timed out, answered when drained. */
	private static HistoryBuilder clean() {
		return new HistoryBuilder("tc1").at(1_000, "invoke", "req", "tc1-1")
			.at(1_010, "ack", "req", "tc1-1", "uuid", "u1")
			.at(1_020, "ok", "req", "tc1-1", "reply", "tw1|tc1-1")
			.at(2_000, "invoke", "req", "tc1-2")
			.at(2_010, "fail", "req", "tc1-2", "err", "java.lang.IllegalStateException: titanic.request refused: 500")
			.at(3_000, "invoke", "req", "tc1-3")
			.at(3_010, "ack", "req", "tc1-3", "uuid", "u3")
			.at(23_010, "fail", "req", "tc1-3", "err", "java.lang.IllegalStateException: titanic.reply u3: no reply")
			.at(40_000, "answered", "req", "tc1-3", "uuid", "u3", "reply", "tw1|tc1-3");
	}

	@Test
	void cleanHistoryPasses() {
		Verdict verdict = check(clean().at(41_000, "done"));
		assertThat(verdict.failed).isEmpty();
		assertThat(verdict.acknowledged).isEqualTo(2);
		assertThat(verdict.notes).singleElement().asString().startsWith("1 request(s) refused");
	}

	@Test
	void acknowledgedRequestNeverAnsweredIsLost() {
		Verdict verdict = check(clean().at(41_000, "invoke", "req", "tc1-4")
			.at(41_010, "ack", "req", "tc1-4", "uuid", "u4")
			.at(61_010, "fail", "req", "tc1-4", "err", "no reply within 20 s"));
		assertThat(verdict.lost).isEqualTo(1);
		assertThat(verdict.failed).singleElement().asString()
			.startsWith("every acknowledged request is answered").contains("u4");
	}

	@Test
	void acknowledgedRequestAnsweredTwiceIsFound() {
		Verdict verdict = check(clean().at(42_000, "answered", "req", "tc1-1", "uuid", "u1", "reply", "tw1|tc1-1"));
		assertThat(verdict.duplicated).isEqualTo(1);
		assertThat(verdict.failed).singleElement().asString().startsWith("no acknowledged request is answered twice");
	}

	@Test
	void refusedRequestIsNeverLost() {
		Verdict verdict = check(new HistoryBuilder("tc1").at(1_000, "invoke", "req", "tc1-1")
			.at(1_010, "fail", "req", "tc1-1", "err", "titanic.request refused: 500"));
		assertThat(verdict.failed).isEmpty();
		assertThat(verdict.lost).isZero();
		assertThat(verdict.acknowledged).isZero();
	}

	@Test
	void everyClientCounts() {
		Verdict verdict = new Verdict("test");
		TitanicChecker.check(verdict, Map.of("tc1", clean().events(), "tc2",
				new HistoryBuilder("tc2").at(1_000, "invoke", "req", "tc2-1").at(1_010, "ack", "req", "tc2-1", "uuid", "v1")
					.events()));
		assertThat(verdict.lost).isEqualTo(1);
		assertThat(List.copyOf(verdict.failed)).hasSize(1);
	}

}
