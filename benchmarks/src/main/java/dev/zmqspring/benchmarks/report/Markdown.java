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

	static String table(List<Row> rows, Majordomo majordomo, int rounds, Map<String, Double> allocations) {
		StringBuilder out = new StringBuilder();
		out.append("| case | metric | starter | raw JeroMQ | starter/raw | spread | target | met | alloc B/op starter / raw |\n");
		out.append("| --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |\n");
		for (Row row : rows) {
			boolean bytes = row.size() > 100 && !row.spec.lowerIsBetter();
			String metric = row.spec.lowerIsBetter() ? row.spec.metric() + " µs (lower is better)"
					: (bytes ? "MB/s" : "msgs/s");
			double scale = bytes ? row.size() / 1e6 : 1;
			out.append("| ").append(row.label());
			out.append(" | ").append(metric);
			out.append(" | ").append(row.starter.isEmpty() ? "not on this build" : BenchmarkReport.format(mean(row.starter) * scale));
			out.append(" | ").append(BenchmarkReport.format(mean(row.raw) * scale));
			if (row.measured()) {
				out.append(" | **").append(String.format(Locale.ROOT, "%.2f×", row.ratio())).append("**");
				out.append(" | ").append(spread(row, rounds));
			}
			else {
				out.append(" | n/a | ");
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
			out.append("| Majordomo echo, 100 B | sync req/s | async req/s |\n");
			out.append("| --- | ---: | ---: |\n");
			line(out, "this starter, broker + worker + client in one JVM (JMH)", majordomo.jvmSync(), majordomo.jvmAsync());
			line(out, "this starter, three processes", majordomo.processSync(), majordomo.processAsync());
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
			if (majordomo.processSync() != null && majordomo.guideSync() != null) {
				out.append("| **ratio starter / Guide Java (target ≥ 2.0×)** | **")
					.append(ratio(majordomo.processSync(), majordomo.guideSync()))
					.append("** | **")
					.append(ratio(majordomo.processAsync(), majordomo.guideAsync()))
					.append("** |\n");
			}
		}
		out.append("\n");
		out.append("starter/raw: throughput ratios are starter ÷ raw (higher is better, 1.00 = parity); latency ratios are"
				+ " starter ÷ raw (lower is better). ");
		out.append(rounds).append(rounds == 1 ? " round" : " rounds")
			.append("; the ratio is the median over rounds of the per-round ratio. Throughput per round = median"
					+ " measurement iteration; ± = half the interquartile range of the iterations of both sides"
					+ " carried into the ratio; spread = lowest–highest ratio over rounds. Latency percentiles are JMH's"
					+ " sample-mode percentiles over all round trips of the round. alloc = JMH -prof gc"
					+ " gc.alloc.rate.norm (bytes allocated per operation in the whole JVM, including the receiving"
					+ " threads).\n");
		return out.toString();
	}

	private static String spread(Row row, int rounds) {
		String error = Double.isNaN(row.error()) || row.error() == 0 ? "" : String.format(Locale.ROOT, " ±%.2f", row.error());
		if (row.ratios.size() > 1) {
			return String.format(Locale.ROOT, "%.2f–%.2f", row.min(), row.max()) + error;
		}
		return error.trim();
	}

	private static String alloc(Double bytes) {
		return (bytes == null) ? "–" : String.format(Locale.ROOT, "%.0f", bytes);
	}

	private static void line(StringBuilder out, String what, Double sync, Double async) {
		out.append("| ").append(what).append(" | ").append(number(sync)).append(" | ").append(number(async)).append(" |\n");
	}

	private static String number(Double value) {
		return (value == null) ? "not measured" : BenchmarkReport.format(value);
	}

	private static String ratio(Double ours, Double guide) {
		return (ours == null || guide == null) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ours / guide);
	}

	private static double mean(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

}
