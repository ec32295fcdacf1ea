package dev.zmqspring.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checker of Clone (Guide ch.5 "Reliable Pub-Sub", model 6 on a Binary Star pair): after the
 * faults heal and the maps settle, every client's map equals the active server's; in every map's
 * history of changes a key's value only grows (each key has one writer writing an increasing
 * counter), so an older value overwriting a newer one, or a deleted or expired key coming back with
 * an old value, is a violation; no ephemeral (TTL) key survives; and every write whose key was not
 * written again is in the final map (lost writes are counted). Unavailability is the longest time a
 * map saw no change while clients were writing.
 */
final class CloneChecker {

	private CloneChecker() {
	}

	static void check(Verdict verdict, Map<String, List<Event>> clients, Map<String, List<Event>> servers) {
		Map<String, String> active = null;
		List<String> serverProblems = new ArrayList<>();
		for (Map.Entry<String, List<Event>> server : servers.entrySet()) {
			for (Event event : server.getValue()) {
				if (event.ev().equals("final") && "true".equals(event.get("serving"))) {
					if (active != null) {
						serverProblems.add("both servers serving at the end");
					}
					active = parse(event.get("map"));
					verdict.note("active server at the end: " + server.getKey() + ", " + active.size() + " keys, "
							+ event.get("pending") + " pending");
				}
			}
		}
		if (active == null) {
			serverProblems.add("no server serving at the end");
		}
		verdict.check("exactly one server serves after the faults heal", serverProblems);
		List<String> unequal = new ArrayList<>();
		List<String> regressions = new ArrayList<>();
		List<String> expired = new ArrayList<>();
		List<String> lostWrites = new ArrayList<>();
		Map<String, String> lastWrite = new HashMap<>();
		long longestGap = 0;
		for (Map.Entry<String, List<Event>> client : clients.entrySet()) {
			Map<String, Long> highest = new HashMap<>();
			Set<String> deleted = new HashSet<>();
			long lastChange = -1;
			long lastWriteAt = Long.MAX_VALUE;
			Map<String, String> finalMap = null;
			for (Event event : client.getValue()) {
				switch (event.ev()) {
					case "write" -> {
						verdict.operations++;
						lastWriteAt = event.t();
						if (event.get("ttl") == null) {
							lastWrite.put(event.get("key"), event.get("value"));
						}
					}
					case "change" -> {
						if (lastChange >= 0 && event.t() <= lastWriteAt) {
							longestGap = Math.max(longestGap, event.t() - lastChange);
						}
						lastChange = event.t();
						String value = event.get("value");
						if (value.isEmpty()) {
							deleted.add(event.get("key"));
							continue;
						}
						long n = Long.parseLong(value);
						Long before = highest.get(event.get("key"));
						boolean wasDeleted = deleted.remove(event.get("key"));
						if (before != null && n <= before) {
							regressions.add(client.getKey() + ": " + event.get("key")
									+ (wasDeleted ? " came back after its delete" : " went back") + " from " + before
									+ " to " + n + " (sequence " + event.get("seq") + ")");
						}
						else {
							highest.put(event.get("key"), n);
						}
					}
					case "final" -> finalMap = parse(event.get("map"));
					default -> {
					}
				}
			}
			if (finalMap == null) {
				unequal.add(client.getKey() + " recorded no final map");
				continue;
			}
			if (active != null && !finalMap.equals(active)) {
				unequal.add(client.getKey() + " differs from the active server: " + difference(finalMap, active));
			}
			finalMap.keySet().stream().filter((key) -> key.matches(".*/t\\d+$")).forEach(
					(key) -> expired.add(client.getKey() + ": ephemeral " + key + " still there after its TTL"));
		}
		if (active != null) {
			for (Map.Entry<String, String> write : lastWrite.entrySet()) {
				String expected = write.getValue().isEmpty() ? null : write.getValue();
				String actual = active.get(write.getKey());
				if (expected == null ? actual != null : !expected.equals(actual)) {
					lostWrites.add(write.getKey() + " last written " + (expected == null ? "deleted" : expected)
							+ ", server has " + actual);
				}
			}
		}
		verdict.unavailableMillis = longestGap;
		verdict.acknowledged = verdict.operations - lostWrites.size();
		verdict.lost += lostWrites.size();
		verdict.wrong += regressions.size();
		verdict.check("every map equals the active server's", unequal);
		verdict.check("no older value overwrites a newer, no deleted key comes back", regressions);
		verdict.check("no expired key comes back", expired);
		if (!lostWrites.isEmpty()) {
			verdict.note(lostWrites.size() + " last write(s) not in the final map (updates a client sent while it"
					+ " could reach no collector: docs/clone.md Limits), e.g. "
					+ lostWrites.subList(0, Math.min(3, lostWrites.size())));
		}
	}

	static Map<String, String> parse(String text) {
		Map<String, String> map = new TreeMap<>();
		if (text == null || text.isEmpty()) {
			return map;
		}
		for (String entry : text.split(";")) {
			int eq = entry.indexOf('=');
			map.put(entry.substring(0, eq), entry.substring(eq + 1));
		}
		return map;
	}

	private static String difference(Map<String, String> map, Map<String, String> reference) {
		List<String> diff = new ArrayList<>();
		for (String key : new java.util.TreeSet<>(concat(map, reference))) {
			String a = map.get(key);
			String b = reference.get(key);
			if (a == null ? b != null : !a.equals(b)) {
				diff.add(key + ": " + a + " vs " + b);
			}
		}
		return diff.size() + " keys " + diff.subList(0, Math.min(3, diff.size()));
	}

	private static List<String> concat(Map<String, String> a, Map<String, String> b) {
		List<String> keys = new ArrayList<>(a.keySet());
		keys.addAll(b.keySet());
		return keys;
	}

}
