package dev.zmqspring.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checker of the request-reply patterns (Guide ch.4 Lazy Pirate, Majordomo; also Titanic's
 * synchronous calls): reads the clients' histories and checks that every reply is its own request's
 * ({@code <server>|<request>} from a known server), that no request reached the application twice,
 * that every request ended (answered, or the documented {@code ZmqRequestTimeoutException}) within the
 * documented bound, that nothing else failed, and that service came back after the faults healed.
 */
final class RequestReplyChecker {

	private RequestReplyChecker() {
	}

	/**
	 * @param verdict where the numbers and checks go
	 * @param clients every client's events
	 * @param servers the hosts whose name may start a reply
	 * @param bound the documented longest time of one call: timeout × (retries + 1), plus slack
	 * @param begun when the faults began: calls made before, while the hosts were still starting (a
	 * cold JVM, a first connection), must end but are not held to {@code bound}
	 * @param healed when the last fault healed
	 * @param recovery how long after {@code healed} service must be back
	 * @param allowedFailures error texts that are a documented answer during a fault (e.g. Titanic's 500)
	 */
	static void check(Verdict verdict, Map<String, List<Event>> clients, Set<String> servers, long bound, long begun,
			long healed, long recovery, List<String> allowedFailures) {
		List<String> wrong = new ArrayList<>();
		List<String> duplicated = new ArrayList<>();
		List<String> unfinished = new ArrayList<>();
		List<String> late = new ArrayList<>();
		List<String> undocumented = new ArrayList<>();
		List<String> notRecovered = new ArrayList<>();
		long longestGap = 0;
		for (Map.Entry<String, List<Event>> client : clients.entrySet()) {
			Map<String, Long> invoked = new HashMap<>();
			Map<String, Integer> outcomes = new HashMap<>();
			long lastOk = -1;
			boolean okAfterRecovery = false;
			boolean ranAfterRecovery = false;
			long done = -1;
			for (Event event : client.getValue()) {
				String request = event.get("req");
				switch (event.ev()) {
					case "invoke" -> {
						verdict.operations++;
						invoked.put(request, event.t());
					}
					case "ok", "timeout", "fail" -> {
						int count = outcomes.merge(request, 1, Integer::sum);
						if (count > 1) {
							duplicated.add(request + " ended " + count + " times");
						}
						Long start = invoked.get(request);
						if (start == null) {
							wrong.add(request + ": " + event.ev() + " without invoke");
							continue;
						}
						long took = event.t() - start;
						if (took > bound && start >= begun) {
							late.add(request + " " + event.ev() + " after " + took + " ms (bound " + bound + " ms)");
						}
						if (start > healed + recovery) {
							ranAfterRecovery = true;
						}
						if (event.ev().equals("ok")) {
							verdict.acknowledged++;
							String reply = event.get("reply");
							int bar = (reply != null) ? reply.indexOf('|') : -1;
							if (bar < 0 || !servers.contains(reply.substring(0, bar))
									|| !reply.substring(bar + 1).equals(request)) {
								wrong.add(request + " got '" + reply + "'");
							}
							if (lastOk >= 0) {
								longestGap = Math.max(longestGap, event.t() - lastOk);
							}
							lastOk = event.t();
							if (start > healed + recovery) {
								okAfterRecovery = true;
							}
						}
						else if (event.ev().equals("fail")) {
							String error = String.valueOf(event.get("err"));
							if (allowedFailures.stream().noneMatch(error::contains)) {
								undocumented.add(request + ": " + error);
							}
						}
					}
					case "done" -> done = event.t();
					default -> {
					}
				}
			}
			for (String request : invoked.keySet()) {
				if (!outcomes.containsKey(request)) {
					unfinished.add(client.getKey() + ": " + request + " never ended");
				}
			}
			if (done < 0) {
				unfinished.add(client.getKey() + " did not finish its workload");
			}
			if (!ranAfterRecovery) {
				notRecovered.add(client.getKey() + ": made no request " + recovery + " ms after the faults healed");
			}
			else if (!okAfterRecovery) {
				notRecovered.add(client.getKey() + ": no reply to any request made "
						+ recovery + " ms after the faults healed");
			}
		}
		verdict.lost += unfinished.size();
		verdict.duplicated += duplicated.size();
		verdict.wrong += wrong.size();
		verdict.unavailableMillis = Math.max(verdict.unavailableMillis, longestGap);
		verdict.check("every reply is its own request's", wrong);
		verdict.check("no reply reaches the application twice", duplicated);
		verdict.check("every request ends (answered or failed)", unfinished);
		verdict.check("every call ends within timeout x (retries + 1) + slack", late);
		verdict.check("failures are only the documented ones", undocumented);
		verdict.check("service is back after the faults heal", notRecovered);
	}

}
