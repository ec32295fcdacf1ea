package dev.zmqspring.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a host's history by hand for the checkers' own tests: the events a recorded run would hold
 * ({@link History}'s lines as {@link Event}s), at given times.
 */
final class HistoryBuilder {

	private final String node;

	private final List<Event> events = new ArrayList<>();

	HistoryBuilder(String node) {
		this.node = node;
	}

	/** Adds {@code ev} at {@code t} with name/value pairs. */
	HistoryBuilder at(long t, String ev, String... fields) {
		Map<String, String> map = new LinkedHashMap<>();
		map.put("t", Long.toString(t));
		map.put("node", this.node);
		map.put("ev", ev);
		for (int i = 0; i + 1 < fields.length; i += 2) {
			map.put(fields[i], fields[i + 1]);
		}
		this.events.add(new Event(t, this.node, ev, map));
		return this;
	}

	/** A request-reply call: invoke at {@code t}, answered by {@code server} after {@code took} ms. */
	HistoryBuilder call(long t, long took, String request, String server) {
		return at(t, "invoke", "req", request).at(t + took, "ok", "req", request, "reply", server + "|" + request);
	}

	List<Event> events() {
		return List.copyOf(this.events);
	}

}
