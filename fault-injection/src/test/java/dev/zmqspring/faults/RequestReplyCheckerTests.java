package dev.zmqspring.faults;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request-reply checker (Lazy Pirate, Paranoid Pirate, Majordomo, Freelance, peering) on
 * hand-built histories: a clean one passes, and each kind of violation is found and counted.
 */
class RequestReplyCheckerTests {

	private static final long BOUND = 7_000;

	private static final long BEGUN = 2_000;

	private static final long HEALED = 10_000;

	private static final long RECOVERY = 5_000;

	/** Calls before, during and well after the faults; the client finishes. */
	private static HistoryBuilder clean() {
		return new HistoryBuilder("c1").call(1_000, 5, "c1-1", "s1")
			.call(9_000, 3_000, "c1-2", "s2")
			.call(16_000, 5, "c1-3", "s1");
	}

	private static Verdict check(HistoryBuilder... clients) {
		return check(List.of(), clients);
	}

	private static Verdict check(List<String> allowed, HistoryBuilder... clients) {
		Verdict verdict = new Verdict("test");
		Map<String, List<Event>> histories = new java.util.LinkedHashMap<>();
		for (HistoryBuilder client : clients) {
			List<Event> events = client.events();
			histories.put(events.get(0).node(), events);
		}
		RequestReplyChecker.check(verdict, histories, Set.of("s1", "s2"), BOUND, BEGUN, HEALED, RECOVERY, allowed);
		return verdict;
	}

	@Test
	void cleanHistoryPasses() {
		Verdict verdict = check(clean().at(17_000, "invoke", "req", "c1-4")
			.at(18_000, "timeout", "req", "c1-4", "err", "ZmqRequestTimeoutException")
			.at(20_000, "done"));
		assertThat(verdict.failed).isEmpty();
		assertThat(verdict.passed).hasSize(6);
		assertThat(verdict.operations).isEqualTo(4);
		assertThat(verdict.acknowledged).isEqualTo(3);
		assertThat(verdict.lost + verdict.duplicated + verdict.wrong).isZero();
		assertThat(verdict.unavailableMillis).isEqualTo(12_000 - 1_005);
	}

	@Test
	void lostRequestIsFound() {
		Verdict verdict = check(clean().at(17_000, "invoke", "req", "c1-4").at(20_000, "done"));
		assertThat(verdict.lost).isEqualTo(1);
		assertThat(verdict.failed).singleElement().asString().startsWith("every request ends").contains("c1-4");
	}

	@Test
	void clientThatNeverFinishedIsFound() {
		Verdict verdict = check(clean());
		assertThat(verdict.failed).singleElement().asString().contains("c1 did not finish its workload");
	}

	@Test
	void duplicatedReplyIsFound() {
		Verdict verdict = check(clean().at(16_010, "ok", "req", "c1-3", "reply", "s1|c1-3").at(20_000, "done"));
		assertThat(verdict.duplicated).isEqualTo(1);
		assertThat(verdict.failed).singleElement().asString().startsWith("no reply reaches the application twice");
	}

	@Test
	void replyToAnotherRequestIsFound() {
		Verdict verdict = check(clean().at(17_000, "invoke", "req", "c1-4")
			.at(17_010, "ok", "req", "c1-4", "reply", "s1|c1-3")
			.at(20_000, "done"));
		assertThat(verdict.wrong).isEqualTo(1);
		assertThat(verdict.failed).singleElement().asString().startsWith("every reply is its own request's")
			.contains("c1-4 got 's1|c1-3'");
	}

	@Test
	void replyFromAnUnknownServerIsFound() {
		Verdict verdict = check(clean().call(17_000, 5, "c1-4", "intruder").at(20_000, "done"));
		assertThat(verdict.wrong).isEqualTo(1);
	}

	@Test
	void outcomeWithoutInvokeIsWrong() {
		Verdict verdict = check(clean().at(17_000, "ok", "req", "c1-9", "reply", "s1|c1-9").at(20_000, "done"));
		assertThat(verdict.wrong).isEqualTo(1);
	}

	@Test
	void callLongerThanTheDocumentedBoundIsFound() {
		Verdict verdict = check(clean().at(17_000, "invoke", "req", "c1-4")
			.at(17_000 + BOUND + 1, "timeout", "req", "c1-4", "err", "ZmqRequestTimeoutException")
			.at(30_000, "done"));
		assertThat(verdict.failed).singleElement().asString().startsWith("every call ends within");
	}

	@Test
	void slowCallWhileTheHostsStartedIsNotHeldToTheBound() {
		Verdict verdict = check(new HistoryBuilder("c1").call(0, BOUND + 1_000, "c1-1", "s1")
			.call(16_000, 5, "c1-2", "s1")
			.at(20_000, "done"));
		assertThat(verdict.failed).isEmpty();
	}

	@Test
	void undocumentedFailureIsFoundAndDocumentedOneIsNot() {
		HistoryBuilder client = clean().at(17_000, "invoke", "req", "c1-4")
			.at(17_010, "fail", "req", "c1-4", "err", "java.lang.IllegalStateException: titanic.request refused: 500")
			.at(20_000, "done");
		assertThat(check(client).failed).singleElement().asString().startsWith("failures are only the documented ones");
		assertThat(check(List.of("titanic.request refused"), client).failed).isEmpty();
	}

	@Test
	void serviceThatDoesNotComeBackIsFound() {
		Verdict verdict = check(new HistoryBuilder("c1").call(1_000, 5, "c1-1", "s1")
			.at(16_000, "invoke", "req", "c1-2")
			.at(20_000, "timeout", "req", "c1-2", "err", "ZmqRequestTimeoutException")
			.at(21_000, "done"));
		assertThat(verdict.failed).singleElement().asString().startsWith("service is back").contains("no reply");
	}

	@Test
	void eachClientIsCheckedOnItsOwn() {
		Verdict verdict = check(clean().at(20_000, "done"),
				new HistoryBuilder("c2").call(16_000, 5, "c2-1", "s2").at(20_000, "done"));
		assertThat(verdict.failed).isEmpty();
		assertThat(verdict.operations).isEqualTo(4);
	}

}
