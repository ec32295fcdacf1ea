package dev.zmqspring.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the JMH JSON results of a benchmark run into the starter/raw ratio table
 * ({@code BENCHMARKS-table.md}) and bar chart ({@code benchmarks-ratios.png}), and prints the
 * table.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp ... dev.zmqspring.benchmarks.report.BenchmarkReport &lt;results-dir&gt;
 * </pre>
 *
 * <p>Reads every {@code *.json} under {@code <results-dir>/round-*}: each round is one pass over all
 * benchmarks, and a ratio is computed within a round (starter and raw measured minutes apart), then
 * averaged over rounds, with the spread of the rounds shown. Benchmarks pair by name:
 * {@code starterX} with {@code rawX} in the same class with the same parameters. Also reads
 * {@code majordomo-processes.txt} and {@code guide-reference.txt} when present.
 */
public final class BenchmarkReport {

	private static final Pattern NAME = Pattern.compile(".*\\.(\\w+)Benchmark\\.(starter|raw)(\\w+)");

	private BenchmarkReport() {
	}

	public static void main(String[] args) throws IOException {
		Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
		Map<String, List<JsonNode>> rounds = readRounds(dir);
		List<Row> rows = rows(rounds);
		Majordomo majordomo = Majordomo.read(dir, rounds);
		String table = Markdown.table(rows, majordomo, rounds.size(), allocations(rounds));
		Files.writeString(dir.resolve("BENCHMARKS-table.md"), table);
		Chart.write(rows, majordomo, dir.resolve("benchmarks-ratios.png"));
		System.out.println(table);
		System.out.println("Wrote " + dir.resolve("BENCHMARKS-table.md") + " and " + dir.resolve("benchmarks-ratios.png"));
	}

	static Map<String, List<JsonNode>> readRounds(Path dir) throws IOException {
		JsonMapper mapper = JsonMapper.builder().build();
		Map<String, List<JsonNode>> rounds = new TreeMap<>();
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				Path parent = file.getParent();
				String round = parent.getFileName().toString();
				if (!round.startsWith("round-") || Files.size(file) == 0) {
					continue;
				}
				JsonNode root = mapper.readTree(file.toFile());
				List<JsonNode> results = rounds.computeIfAbsent(round, (key) -> new ArrayList<>());
				for (int i = 0; i < root.size(); i++) {
					results.add(root.get(i));
				}
			}
		}
		return rounds;
	}

	/** One benchmark result reduced to what the report needs. */
	record Result(String group, String side, String method, Map<String, String> params, double score, double error,
			String unit, Map<String, Double> percentiles, Double allocPerOp) {

		static Result of(JsonNode node) {
			Matcher matcher = NAME.matcher(node.get("benchmark").asString());
			if (!matcher.matches()) {
				return null;
			}
			Map<String, String> params = new TreeMap<>();
			JsonNode p = node.get("params");
			if (p != null) {
				for (Map.Entry<String, JsonNode> entry : p.properties()) {
					params.put(entry.getKey(), entry.getValue().asString());
				}
			}
			JsonNode primary = node.get("primaryMetric");
			Map<String, Double> percentiles = new TreeMap<>();
			JsonNode pct = primary.get("scorePercentiles");
			if (pct != null) {
				for (Map.Entry<String, JsonNode> entry : pct.properties()) {
					percentiles.put(entry.getKey(), entry.getValue().asDouble());
				}
			}
			Double alloc = null;
			JsonNode secondary = node.get("secondaryMetrics");
			if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
				alloc = secondary.get("gc.alloc.rate.norm").get("score").asDouble();
			}
			double score = primary.get("score").asDouble();
			double error = primary.get("scoreError").isNumber() ? primary.get("scoreError").asDouble() : Double.NaN;
			List<Double> iterations = iterations(primary.get("rawData"));
			if (node.get("mode").asString().equals("thrpt") && !iterations.isEmpty()) {
				// robust to the bursts of a shared machine: the median iteration, and half the
				// interquartile range as its error
				score = quantile(iterations, 0.5);
				error = (quantile(iterations, 0.75) - quantile(iterations, 0.25)) / 2;
			}
			return new Result(matcher.group(1), matcher.group(2), matcher.group(3), params, score, error,
					primary.get("scoreUnit").asString(), percentiles, alloc);
		}

		private static List<Double> iterations(JsonNode rawData) {
			List<Double> values = new ArrayList<>();
			if (rawData != null) {
				for (int fork = 0; fork < rawData.size(); fork++) {
					JsonNode forkData = rawData.get(fork);
					for (int i = 0; i < forkData.size(); i++) {
						values.add(forkData.get(i).asDouble());
					}
				}
			}
			values.sort(Comparator.naturalOrder());
			return values;
		}

		private static double quantile(List<Double> sorted, double q) {
			double position = q * (sorted.size() - 1);
			int lower = (int) Math.floor(position);
			int upper = (int) Math.ceil(position);
			return sorted.get(lower) + (sorted.get(upper) - sorted.get(lower)) * (position - lower);
		}

		String pairKey() {
			return this.group + "." + this.method + this.params;
		}

	}

	/** What a case measures and the target for its ratio. */
	record Spec(String method, String title, String metric, Double target, boolean lowerIsBetter) {

		String percentile() {
			return switch (this.metric) {
				case "p50" -> "50.0";
				case "p99" -> "99.0";
				default -> null;
			};
		}

	}

	static final List<Spec> SPECS = List.of(new Spec("Push1Thread", "ZmqTemplate.push, 1 thread", "msgs/s", 0.90, false),
			new Spec("Push4Threads", "ZmqTemplate.push, 4 threads", "msgs/s", null, false),
			new Spec("Request", "ZmqTemplate.request latency p50, lower is better", "p50", 1.15, true),
			new Spec("Request", "ZmqTemplate.request latency p99, lower is better", "p99", 1.5, true),
			new Spec("PullWorkerBytes", "@ZmqWorker PULL, byte[]", "msgs/s", 0.90, false),
			new Spec("PullWorkerString", "@ZmqWorker PULL, String", "msgs/s", 0.80, false),
			new Spec("SubscriberOneTopic", "@ZmqSubscriber, one topic", "msgs/s", 0.90, false),
			new Spec("ForwarderProxy", "forwarder proxy (XSUB/XPUB)", "msgs/s", 0.95, false),
			new Spec("QueueProxy", "queue proxy (ROUTER/DEALER)", "msgs/s", 0.95, false));

	/** One line of the table: a case, its values per round and the ratio. */
	static final class Row {

		final Spec spec;

		final Map<String, String> params;

		final List<Double> starter = new ArrayList<>();

		final List<Double> raw = new ArrayList<>();

		final List<Double> ratios = new ArrayList<>();

		final List<Double> ratioErrors = new ArrayList<>();

		Double starterAlloc;

		Double rawAlloc;

		Row(Spec spec, Map<String, String> params) {
			this.spec = spec;
			this.params = params;
		}

		String label() {
			StringBuilder label = new StringBuilder(this.spec.title());
			List<String> parts = new ArrayList<>();
			if (this.params.containsKey("transport")) {
				parts.add(this.params.get("transport"));
			}
			else {
				parts.add("tcp");
			}
			if (this.params.containsKey("size")) {
				parts.add(size(Integer.parseInt(this.params.get("size"))));
			}
			return label.append(" (").append(String.join(", ", parts)).append(")").toString();
		}

		int size() {
			return Integer.parseInt(this.params.getOrDefault("size", "100"));
		}

		/** The target applies to the 100-byte case only (the cases). */
		Double target() {
			return (size() == 100) ? this.spec.target() : null;
		}

		boolean measured() {
			return !this.ratios.isEmpty();
		}

		/** The median of the rounds' ratios (the mean when there are two). */
		double ratio() {
			List<Double> sorted = new ArrayList<>(this.ratios);
			sorted.sort(Comparator.naturalOrder());
			int n = sorted.size();
			if (n == 0) {
				return Double.NaN;
			}
			return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		}

		double min() {
			return this.ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
		}

		double max() {
			return this.ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
		}

		/** The error of the two scores carried into the ratio, averaged over rounds. */
		double error() {
			return this.ratioErrors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
		}

		Boolean met() {
			Double target = target();
			if (target == null || !measured()) {
				return null;
			}
			return this.spec.lowerIsBetter() ? ratio() <= target : ratio() >= target;
		}

		static String size(int bytes) {
			return (bytes >= 1024) ? (bytes / 1024) + " KB" : bytes + " B";
		}

	}

	static List<Row> rows(Map<String, List<JsonNode>> rounds) {
		Map<String, Row> rows = new LinkedHashMap<>();
		// a stable order: the spec order, then transport, then size
		List<String> keys = new ArrayList<>();
		for (List<JsonNode> round : rounds.values()) {
			Map<String, Result> starters = new LinkedHashMap<>();
			Map<String, Result> raws = new LinkedHashMap<>();
			for (JsonNode node : round) {
				Result result = Result.of(node);
				if (result != null) {
					(result.side().equals("starter") ? starters : raws).put(result.pairKey(), result);
				}
			}
			for (Map.Entry<String, Result> entry : raws.entrySet()) {
				Result raw = entry.getValue();
				Result starter = starters.get(entry.getKey());
				for (int s = 0; s < SPECS.size(); s++) {
					Spec spec = SPECS.get(s);
					if (!spec.method().equals(raw.method())) {
						continue;
					}
					String key = s + "|" + raw.params().getOrDefault("transport", "tcp") + "|"
							+ String.format("%08d", Integer.parseInt(raw.params().getOrDefault("size", "100")));
					Row row = rows.computeIfAbsent(key, (k) -> new Row(spec, raw.params()));
					if (!keys.contains(key)) {
						keys.add(key);
					}
					double rawValue = value(spec, raw);
					row.raw.add(rawValue);
					row.rawAlloc = raw.allocPerOp();
					if (starter != null) {
						double starterValue = value(spec, starter);
						row.starter.add(starterValue);
						row.starterAlloc = starter.allocPerOp();
						double ratio = starterValue / rawValue;
						row.ratios.add(ratio);
						double relStarter = (spec.percentile() != null) ? 0 : starter.error() / starter.score();
						double relRaw = (spec.percentile() != null) ? 0 : raw.error() / raw.score();
						row.ratioErrors.add(ratio * Math.sqrt(relStarter * relStarter + relRaw * relRaw));
					}
				}
			}
		}
		keys.sort(Comparator.naturalOrder());
		List<Row> ordered = new ArrayList<>();
		for (String key : keys) {
			ordered.add(rows.get(key));
		}
		return ordered;
	}

	private static double value(Spec spec, Result result) {
		String percentile = spec.percentile();
		return (percentile != null) ? result.percentiles().get(percentile) : result.score();
	}

	/** Allocation per operation of every benchmark that has it (JMH {@code -prof gc}), last round. */
	static Map<String, Double> allocations(Map<String, List<JsonNode>> rounds) {
		Map<String, Double> alloc = new TreeMap<>();
		for (List<JsonNode> round : rounds.values()) {
			for (JsonNode node : round) {
				Result result = Result.of(node);
				if (result != null && result.allocPerOp() != null) {
					alloc.put(result.group() + "." + result.side() + result.method() + " " + result.params(),
							result.allocPerOp());
				}
			}
		}
		return alloc;
	}

	/** Majordomo numbers: in one JVM (JMH), three processes, and the Guide's references. */
	record Majordomo(Double jvmSync, Double jvmAsync, Double processSync, Double processAsync,
			Map<String, Double[]> guide) {

		/** The output lines of run-reference.sh: {@code guide-<lang>-<sync|async> <requests/s>}. */
		static final Pattern GUIDE_LINE = Pattern.compile("(?m)^guide-(\\w+)-(sync|async)\\s+([0-9]+(?:\\.[0-9]+)?)\\s*$");

		static Majordomo read(Path dir, Map<String, List<JsonNode>> rounds) throws IOException {
			List<Double> sync = new ArrayList<>();
			List<Double> async = new ArrayList<>();
			for (List<JsonNode> round : rounds.values()) {
				for (JsonNode node : round) {
					String name = node.get("benchmark").asString();
					double score = node.get("primaryMetric").get("score").asDouble();
					if (name.endsWith(".starterMajordomoSync")) {
						sync.add(score);
					}
					else if (name.endsWith(".starterMajordomoAsync")) {
						async.add(score);
					}
				}
			}
			Double processSync = null;
			Double processAsync = null;
			Path processes = dir.resolve("majordomo-processes.txt");
			if (Files.exists(processes)) {
				Properties properties = new Properties();
				try (var reader = Files.newBufferedReader(processes)) {
					properties.load(reader);
				}
				processSync = number(properties.getProperty("sync"));
				processAsync = number(properties.getProperty("async"));
			}
			Map<String, Double[]> guide = new LinkedHashMap<>();
			Path reference = dir.resolve("guide-reference.txt");
			if (Files.exists(reference)) {
				Matcher matcher = GUIDE_LINE.matcher(Files.readString(reference));
				while (matcher.find()) {
					Double[] rates = guide.computeIfAbsent(matcher.group(1), (lang) -> new Double[2]);
					rates[matcher.group(2).equals("sync") ? 0 : 1] = Double.valueOf(matcher.group(3));
				}
			}
			return new Majordomo(mean(sync), mean(async), processSync, processAsync, guide);
		}

		private static Double number(String text) {
			return (text != null) ? Double.valueOf(text.trim()) : null;
		}

		private static Double mean(List<Double> values) {
			return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
		}

		Double guideSync() {
			Double[] java = this.guide.get("java");
			return (java != null) ? java[0] : null;
		}

		Double guideAsync() {
			Double[] java = this.guide.get("java");
			return (java != null) ? java[1] : null;
		}

		boolean any() {
			return this.jvmSync != null || this.jvmAsync != null || this.processSync != null || !this.guide.isEmpty();
		}

	}

	static String format(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (value >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

}
