package dev.zmqspring.faults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checker of a Binary Star pair (Guide ch.4 "High-Availability Pair"): from each half's recorded
 * state changes and the nemesis's faults it finds every window in which both halves served, and fails
 * the windows in which they could hear each other: no partition between them, neither paused nor
 * dead, for longer than {@code grace} after such a fault healed or after a half started.
 * It also counts requests served by both halves (a Lazy Pirate retry after a lost reply), which the
 * pattern allows: the client still gets one reply.
 */
final class BinaryStarChecker {

	private BinaryStarChecker() {
	}

	/** A time interval in which one half served. */
	record Span(long start, long end) {
	}

	/**
	 * @param serving the states in which a half serves: ACTIVE, and PRIMARY for a gated server (the
	 * Guide's primary serves while it waits for its peer); ACTIVE only for Clone (an unsettled Clone
	 * server serves nothing)
	 * @param grace how long after a fault between the halves heals, or after a half starts, they may
	 * still not hear each other (heartbeats, reconnects)
	 */
	static void check(Verdict verdict, String primary, String backup, Map<String, List<Event>> halves,
			List<Fault> faults, long end, long grace, Set<String> serving) {
		List<Span> first = serving(primary, halves.get(primary), faults, end, serving);
		List<Span> second = serving(backup, halves.get(backup), faults, end, serving);
		List<Fault> deaf = new ArrayList<>(faults);
		for (String half : List.of(primary, backup)) {
			for (Event event : halves.get(half)) {
				if (event.ev().equals("state") && "started".equals(event.get("why"))) {
					// a half that has just started has not heard its peer yet
					deaf.add(new Fault("start", half, event.t(), event.t()));
				}
			}
		}
		List<String> violations = new ArrayList<>();
		long longestDual = 0;
		long dualTotal = 0;
		for (Span a : first) {
			for (Span b : second) {
				long from = Math.max(a.start(), b.start());
				long to = Math.min(a.end(), b.end());
				if (from >= to) {
					continue;
				}
				longestDual = Math.max(longestDual, to - from);
				dualTotal += to - from;
				long hearing = longestHearing(from, to, deaf, grace);
				if (hearing > 0) {
					violations.add("both halves served for " + hearing + " ms while they could hear each other, in ["
							+ from + ", " + to + "] (" + (to - from) + " ms dual active)");
				}
			}
		}
		verdict.check("never two halves active while they can hear each other", violations);
		verdict.note("dual-active windows: longest " + longestDual + " ms, total " + dualTotal
				+ " ms (any cause, partitions included)");
		Map<String, Set<String>> servedBy = new HashMap<>();
		for (String half : List.of(primary, backup)) {
			for (Event event : halves.get(half)) {
				if (event.ev().equals("served")) {
					servedBy.computeIfAbsent(event.get("req"), (r) -> new HashSet<>()).add(half);
				}
			}
		}
		long both = servedBy.values().stream().filter((s) -> s.size() > 1).count();
		verdict.note(both + " request(s) served by both halves (a retry after a lost reply; the client got one reply)");
	}

	/** The spans in which a half served, ended by a SIGKILL of the half (its history stops there). */
	private static List<Span> serving(String half, List<Event> events, List<Fault> faults, long end,
			Set<String> serving) {
		record Point(long t, String state) {
		}
		List<Point> points = new ArrayList<>();
		for (Event event : events) {
			if (event.ev().equals("state")) {
				points.add(new Point(event.t(), event.get("to")));
			}
		}
		for (Fault fault : faults) {
			if (fault.target().equals(half) && (fault.kind().equals("kill") || fault.kind().equals("operator-restart"))) {
				points.add(new Point(fault.start(), "DEAD"));
			}
		}
		points.sort(Comparator.comparingLong(Point::t));
		List<Span> spans = new ArrayList<>();
		long since = -1;
		for (Point point : points) {
			boolean serves = serving.contains(point.state());
			if (serves && since < 0) {
				since = point.t();
			}
			else if (!serves && since >= 0) {
				spans.add(new Span(since, point.t()));
				since = -1;
			}
		}
		if (since >= 0) {
			spans.add(new Span(since, end));
		}
		return spans;
	}

	/** The longest part of [from, to] not covered by any fault (plus its grace): the halves could hear. */
	private static long longestHearing(long from, long to, List<Fault> faults, long grace) {
		List<Span> covered = new ArrayList<>();
		for (Fault fault : faults) {
			covered.add(new Span(fault.start(), fault.end() + grace));
		}
		covered.sort(Comparator.comparingLong(Span::start));
		long longest = 0;
		long cursor = from;
		for (Span span : covered) {
			if (span.end() <= cursor) {
				continue;
			}
			if (span.start() > cursor) {
				longest = Math.max(longest, Math.min(span.start(), to) - cursor);
			}
			cursor = Math.max(cursor, span.end());
			if (cursor >= to) {
				return longest;
			}
		}
		return Math.max(longest, to - cursor);
	}

}
