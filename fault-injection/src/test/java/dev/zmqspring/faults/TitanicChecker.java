package dev.zmqspring.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checker of Titanic (Guide ch.4 "Disconnected Reliability", spec 9/TSP): every request whose UUID
 * Titanic acknowledged is answered exactly once to the application (during the workload or when the
 * client asks again after the faults heal), with its own reply. A refused request (500, a full disk)
 * is allowed; an acknowledged and then lost one is not.
 */
final class TitanicChecker {

	private TitanicChecker() {
	}

	static void check(Verdict verdict, Map<String, List<Event>> clients) {
		List<String> lost = new ArrayList<>();
		List<String> twice = new ArrayList<>();
		long acked = 0;
		long refused = 0;
		for (Map.Entry<String, List<Event>> client : clients.entrySet()) {
			Map<String, Integer> answers = new HashMap<>();
			Map<String, String> acks = new HashMap<>();
			for (Event event : client.getValue()) {
				switch (event.ev()) {
					case "ack" -> acks.put(event.get("req"), event.get("uuid"));
					case "ok", "answered" -> answers.merge(event.get("req"), 1, Integer::sum);
					case "fail" -> {
						if (String.valueOf(event.get("err")).contains("refused")) {
							refused++;
						}
					}
					default -> {
					}
				}
			}
			acked += acks.size();
			acks.forEach((request, uuid) -> {
				int count = answers.getOrDefault(request, 0);
				if (count == 0) {
					lost.add(request + " (uuid " + uuid + ") acknowledged, never answered");
				}
				else if (count > 1) {
					twice.add(request + " (uuid " + uuid + ") answered " + count + " times");
				}
			});
		}
		verdict.acknowledged = acked;
		verdict.lost += lost.size();
		verdict.duplicated += twice.size();
		verdict.check("every acknowledged request is answered after the faults heal", lost);
		verdict.check("no acknowledged request is answered twice", twice);
		verdict.note(refused + " request(s) refused by Titanic (not acknowledged: the client knows)");
	}

}
