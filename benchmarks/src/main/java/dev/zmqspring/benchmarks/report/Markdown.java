package dev.zmqspring.benchmarks.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.zmqspring.benchmarks.report.BenchmarkReport.Majordomo;
import dev.zmqspring.benchmarks.report.BenchmarkReport.Row;

/** Writes the ratio table of {@link BenchmarkReport} as Markdown. */
final class Markdown {

	private Markdown() {
	}

	static String table(List<Row> rows, Majordomo majordomo, Map<String, Double> brokers) {
		StringBuilder out = new StringBuilder();
		out.append("| case | metric | starter | raw JeroMQ | starter/raw | IQR of pairs | pairs | target | met |"
				+ " alloc B/op starter / raw |\n");
		out.append("| --- | --- | ---: | ---: | ---: | --- | ---: | --- | --- | --- |\n");
		for (Row row : rows) {
			boolean bytes = row.size() > 100 && !row.spec.lowerIsBetter();
			String metric = row.spec.metric().equals("cpu") ? "sender CPU ns/msg, lower is better"
					: row.spec.metric().equals("receiver cpu") ? "receiver CPU ns/msg, lower is better"
					: row.spec.lowerIsBetter() ? "µs, lower is better" : (bytes ? "MB/s" : "msgs/s");
			double scale = bytes ? row.size() / 1e6 : 1;
			out.append("| ").append(row.label());
			out.append(" | ").append(metric);
			if (row.measured()) {
				out.append(" | ").append(BenchmarkReport.format(BenchmarkReport.quantile(row.starter, 0.5) * scale));
				out.append(" | ").append(BenchmarkReport.format(BenchmarkReport.quantile(row.raw, 0.5) * scale));
				out.append(" | **").append(String.format(Locale.ROOT, "%.2f×", row.ratio())).append("**");
				out.append(" | ").append(String.format(Locale.ROOT, "%.2f–%.2f", row.low(), row.high()));
				out.append(" | ").append(row.pairRatios.size());
			}
			else {
				out.append(" | not measured (not on this build, or failed: see jmh/*.log) | | | | ");
			}
			Double target = row.target();
			out.append(" | ").append((target == null) ? "" : (row.spec.lowerIsBetter() ? "≤ " : "≥ ") + target + "×");
			Boolean met = row.met();
			out.append(" | ").append((met == null) ? "" : (met ? "yes" : "**no**"));
			out.append(" | ").append(alloc(row.starterAlloc)).append(" / ").append(alloc(row.rawAlloc));
			out.append(" |\n");
		}
		if (majordomo.any()) {
			out.append("\n");
			out.append("| Majordomo echo, 100 B, tcp loopback | sync req/s | async req/s |\n");
			out.append("| --- | ---: | ---: |\n");
			line(out, "this starter, broker + worker + client in one JVM (JMH)", majordomo.jvmSync(), majordomo.jvmAsync());
			line(out, "this starter, three processes", majordomo.processSync(), majordomo.processAsync());
			line(out, "this starter, three processes, `zmq.io-thread-scheduling=batch` (JeroMQ's I/O threads SCHED_BATCH)",
					majordomo.batchSync(), majordomo.batchAsync());
			line(out, "raw JeroMQ relay sending Majordomo's frames, three processes (the floor for sync; async pipelines)",
					majordomo.relaySync(), majordomo.relayAsync());
			for (Map.Entry<String, Double[]> entry : majordomo.guide().entrySet()) {
				String lang = switch (entry.getKey()) {
					case "java" -> "Java on JeroMQ 0.6.0";
					case "python" -> "Python on libzmq (pyzmq)";
					case "c" -> "C on libzmq (CZMQ)";
					default -> entry.getKey();
				};
				line(out, "the Guide's reference Majordomo, " + lang + ", three processes", entry.getValue()[0],
						entry.getValue()[1]);
			}
			if (majordomo.guideSync() != null) {
				targetLine(out, "three processes: starter / Guide Java", majordomo.processSync(), majordomo.processAsync(),
						majordomo);
				if (majordomo.batchSync() != null) {
					targetLine(out, "three processes, `zmq.io-thread-scheduling=batch`: starter / Guide Java",
							majordomo.batchSync(), majordomo.batchAsync(), majordomo);
				}
				if (majordomo.relaySync() != null) {
					out.append("| three processes: raw relay / Guide Java, the highest sync ratio any Majordomo on JeroMQ 0.6.0 could reach | ")
						.append(ratio(majordomo.relaySync(), majordomo.guideSync()))
						.append(" | |\n");
				}
			}
		}
		if (!brokers.isEmpty()) {
			out.append("\n");
			out.append("| broker in one JVM, sync request-reply, 100 B, tcp loopback | req/s |\n");
			out.append("| --- | ---: |\n");
			brokers.forEach((type, rate) -> out.append("| ")
				.append(type.equals("load-balancing") ? "load-balancing (Guide ch.3 lbbroker, REQ worker)"
						: type.equals("paranoid-pirate") ? "Paranoid Pirate (Guide ch.4 ppqueue, heartbeating worker)" : type)
				.append(" | ")
				.append(number(rate))
				.append(" |\n"));
		}
		out.append("\n");
		out.append("starter/raw = starter ÷ raw: for throughput higher is better, for latency lower is better; 1.00 ="
				+ " parity. Both sides run in the same JVM and alternate iteration by iteration (starter, raw, raw,"
				+ " starter, ...); each consecutive starter/raw pair of 1-second iterations gives one ratio, and the"
				+ " table shows the median of those pair ratios over all forks, with their interquartile range."
				+ " starter and raw columns: median iteration of each side (latency: the percentile of each iteration's"
				+ " samples). sender CPU: CPU time of the sending thread(s) per message (JMH auxiliary counters),"
				+ " which excludes waiting and time taken by other processes: the steadiest measure of the send"
				+ " path's own cost. receiver CPU: the same for the receiving thread of the listener cases (the"
				+ " listener's actor thread against the raw loop's thread): the receive path's own cost. alloc: JMH -prof gc gc.alloc.rate.norm, bytes allocated per operation in the whole JVM"
				+ " (receiving threads included), median iteration of each side.\n");
		return out.toString();
	}

	private static String alloc(List<Double> bytes) {
		return bytes.isEmpty() ? "–" : String.format(Locale.ROOT, "%.0f", BenchmarkReport.quantile(bytes, 0.5));
	}

	private static void line(StringBuilder out, String what, Double sync, Double async) {
		out.append("| ").append(what).append(" | ").append(number(sync)).append(" | ").append(number(async)).append(" |\n");
	}

	private static String number(Double value) {
		return (value == null) ? "not measured" : BenchmarkReport.format(value);
	}

	/** A bold row of sync and async ratios against the Guide's Java, with the 2.0× target. */
	private static void targetLine(StringBuilder out, String label, Double sync, Double async, Majordomo majordomo) {
		out.append("| **").append(label).append(" (target ≥ 2.0×)** | **")
			.append(ratio(sync, majordomo.guideSync()))
			.append("** | **")
			.append(ratio(async, majordomo.guideAsync()))
			.append("** |\n");
	}

	private static String ratio(Double ours, Double guide) {
		return (ours == null || guide == null) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ours / guide);
	}

}
