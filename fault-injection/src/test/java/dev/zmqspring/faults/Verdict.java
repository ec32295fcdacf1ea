package dev.zmqspring.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the checker found for one pattern: the numbers of its table row and each check, passed or
 * failed with what the checker saw.
 */
final class Verdict {

	final String pattern;

	long operations;

	long acknowledged;

	long lost;

	long duplicated;

	long wrong;

	long unavailableMillis;

	final Map<String, Integer> faults = new TreeMap<>();

	final List<String> passed = new ArrayList<>();

	final List<String> failed = new ArrayList<>();

	final List<String> notes = new ArrayList<>();

	Verdict(String pattern) {
		this.pattern = pattern;
	}

	void faults(List<Fault> injected) {
		for (Fault fault : injected) {
			this.faults.merge(fault.kind(), 1, Integer::sum);
		}
	}

	/** Records one check: passed when {@code violations} is empty, else failed with the first few. */
	void check(String name, List<String> violations) {
		if (violations.isEmpty()) {
			this.passed.add(name);
		}
		else {
			this.failed.add(name + ": " + violations.size() + " violation(s), e.g. "
					+ violations.subList(0, Math.min(3, violations.size())));
		}
	}

	void note(String note) {
		this.notes.add(note);
	}

	/** The pattern's table. */
	String table() {
		StringBuilder out = new StringBuilder();
		out.append("== ").append(this.pattern).append('\n');
		out.append(String.format("| %-10s | %-40s | %-12s | %-4s | %-10s | %-5s | %-17s |%n", "operations",
				"faults by kind", "acknowledged", "lost", "duplicated", "wrong", "longest unavail."));
		out.append(String.format("| %10d | %-40s | %12d | %4d | %10d | %5d | %14d ms |%n", this.operations,
				faultText(), this.acknowledged, this.lost, this.duplicated, this.wrong, this.unavailableMillis));
		for (String check : this.passed) {
			out.append("  pass  ").append(check).append('\n');
		}
		for (String check : this.failed) {
			out.append("  FAIL  ").append(check).append('\n');
		}
		for (String note : this.notes) {
			out.append("  note  ").append(note).append('\n');
		}
		return out.toString();
	}

	private String faultText() {
		if (this.faults.isEmpty()) {
			return "none";
		}
		StringBuilder text = new StringBuilder();
		this.faults.forEach((kind, count) -> text.append(text.isEmpty() ? "" : " ").append(kind).append('=').append(count));
		return text.toString();
	}

}
