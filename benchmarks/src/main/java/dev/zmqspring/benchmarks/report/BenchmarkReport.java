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

import dev.zmqspring.benchmarks.Alternation;

/**
 * Turns the JMH JSON results of a benchmark run into the starter/raw ratio table
 * ({@code BENCHMARKS-table.md}) and bar chart ({@code benchmarks-ratios.png}), and prints the
 * table.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp ... dev.zmqspring.benchmarks.report.BenchmarkReport &lt;results-dir&gt;
 * </pre>
 *
 * <p>Every paired benchmark alternates starter and raw by iteration in one JVM ({@link Alternation});
 * this report splits the per-iteration scores of each fork by side, takes the ratio of each
 * consecutive starter/raw pair of iterations, and reports the median of those pair ratios with
 * their interquartile range. It also reads {@code majordomo-processes.txt},
 * {@code majordomo-processes-batch.txt} (the same run with {@code zmq.io-thread-scheduling=batch}),
 * {@code relay-processes.txt} and {@code guide-reference.txt} when present, and lists the in-JVM broker round trips
 * ({@code BrokerBenchmark}, no raw twin).
 */
public final class BenchmarkReport {

	private static final Pattern NAME = Pattern.compile(".*\\.(\\w+)Benchmark\\.(\\w+)");

	private BenchmarkReport() {
	}

	public static void main(String[] args) throws IOException {
		Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
		boolean scalingOnly = args.length > 1 && args[1].equals("--scaling-only");
		if (!scalingOnly) {
			List<JsonNode> results = read(dir.resolve("jmh"));
			List<Row> rows = rows(results);
			Majordomo majordomo = Majordomo.read(dir, results);
			String table = Markdown.table(rows, majordomo, brokers(results));
			Files.writeString(dir.resolve("BENCHMARKS-table.md"), table);
			Chart.write(rows, majordomo, dir.resolve("benchmarks-ratios.png"));
			System.out.println(table);
			System.out.println("Wrote " + dir.resolve("BENCHMARKS-table.md") + " and " + dir.resolve("benchmarks-ratios.png"));
		}
		String scaling = ScalingReport.write(dir, read(dir.resolve("scaling")));
		if (scaling != null) {
			System.out.println(scaling);
			System.out.println("Wrote " + dir.resolve("scaling-table.md") + " and " + dir.resolve("scaling.png"));
		}
	}

	/** Requests per second of {@code BrokerBenchmark}, by broker type (its {@code broker} parameter). */
	static Map<String, Double> brokers(List<JsonNode> results) {
		Map<String, Double> rates = new LinkedHashMap<>();
		for (JsonNode node : results) {
			if (node.get("benchmark").asString().endsWith("BrokerBenchmark.request")) {
				rates.put(node.get("params").get("broker").asString(), node.get("primaryMetric").get("score").asDouble());
			}
		}
		return rates;
	}

	static List<JsonNode> read(Path dir) throws IOException {
		JsonMapper mapper = JsonMapper.builder().build();
		List<JsonNode> results = new ArrayList<>();
		if (!Files.isDirectory(dir)) {
			return results;
		}
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				if (Files.size(file) == 0) {
					continue;
				}
				JsonNode root = mapper.readTree(file.toFile());
				for (int i = 0; i < root.size(); i++) {
					results.add(root.get(i));
				}
			}
		}
		return results;
	}

	/**
	 * What a case measures and the target for its ratio: the benchmark class (without
	 * {@code Benchmark}) and method it reads, e.g. {@code TemplateRequest} and {@code request}.
	 */
	record Spec(String benchmark, String method, String title, String metric, Double target) {

		boolean lowerIsBetter() {
			return !this.metric.equals("msgs/s");
		}

	}

	static final List<Spec> SPECS = List.of(new Spec("TemplatePush", "push1Thread", "ZmqTemplate.push, 1 thread", "msgs/s", 0.90),
			new Spec("TemplatePush", "push1Thread", "ZmqTemplate.push, 1 thread, sender CPU", "cpu", null),
			new Spec("TemplatePush", "push4Threads", "ZmqTemplate.push, 4 threads", "msgs/s", null),
			new Spec("TemplatePush", "push4Threads", "ZmqTemplate.push, 4 threads, sender CPU", "cpu", null),
			new Spec("TemplateRequest", "request", "ZmqTemplate.request latency p50", "p50", 1.15),
			new Spec("TemplateRequest", "request", "ZmqTemplate.request latency p99", "p99", 1.5),
			new Spec("TemplateRequest", "request", "ZmqTemplate.request latency mean", "mean", null),
			new Spec("RepWorker", "repWorker", "@ZmqWorker REP echo, round trip p50", "p50", null),
			new Spec("RepWorker", "repWorker", "@ZmqWorker REP echo, round trip p99", "p99", null),
			new Spec("Worker", "pullWorkerBytes", "@ZmqWorker PULL, byte[]", "msgs/s", 0.90),
			new Spec("Worker", "pullWorkerBytes", "@ZmqWorker PULL, byte[], receiver CPU", "receiver cpu", null),
			new Spec("Worker", "pullWorkerString", "@ZmqWorker PULL, String", "msgs/s", 0.80),
			new Spec("Worker", "pullWorkerString", "@ZmqWorker PULL, String, receiver CPU", "receiver cpu", null),
			new Spec("Subscriber", "subscriberOneTopic", "@ZmqSubscriber, one topic", "msgs/s", 0.90),
			new Spec("Subscriber", "subscriberOneTopic", "@ZmqSubscriber, one topic, receiver CPU", "receiver cpu", null),
			new Spec("Proxy", "forwarderProxy", "forwarder proxy (XSUB/XPUB)", "msgs/s", 0.95),
			new Spec("Proxy", "queueProxy", "queue proxy (ROUTER/DEALER)", "msgs/s", 0.95),
			new Spec("Freelance", "throughput", "FreelanceClient router model, 100 in flight", "msgs/s", 0.90),
			new Spec("Freelance", "roundTrip", "FreelanceClient router model, round trip p50", "p50", 1.15),
			new Spec("Freelance", "roundTrip", "FreelanceClient router model, round trip p99", "p99", null),
			new Spec("Curve", "push", "ZmqTemplate.push, secured", "msgs/s", 0.90),
			new Spec("Curve", "request", "ZmqTemplate.request, secured, round trips", "msgs/s", 0.90));

	/** One line of the table. */
	static final class Row {

		final Spec spec;

		final Map<String, String> params;

		final List<Double> starter = new ArrayList<>();

		final List<Double> raw = new ArrayList<>();

		final List<Double> pairRatios = new ArrayList<>();

		final List<Double> starterAlloc = new ArrayList<>();

		final List<Double> rawAlloc = new ArrayList<>();

		Row(Spec spec, Map<String, String> params) {
			this.spec = spec;
			this.params = params;
		}

		String label() {
			StringBuilder label = new StringBuilder(this.spec.title()).append(" (")
				.append(this.params.getOrDefault("transport", "tcp"))
				.append(", ")
				.append(size(size()));
			// diagnostic parameters (e.g. rawReceiveTimeout) appear only when they are not the default
			this.params.forEach((name, value) -> {
				if (!name.equals("transport") && !name.equals("size") && !value.equals("-1")) {
					label.append(", ").append(name).append('=').append(value);
				}
			});
			return label.append(")").toString();
		}

		int size() {
			return Integer.parseInt(this.params.getOrDefault("size", "100"));
		}

		/** The target applies to the 100-byte case only (the cases). */
		Double target() {
			return (size() == 100) ? this.spec.target() : null;
		}

		boolean measured() {
			return !this.pairRatios.isEmpty();
		}

		double ratio() {
			return quantile(this.pairRatios, 0.5);
		}

		double low() {
			return quantile(this.pairRatios, 0.25);
		}

		double high() {
			return quantile(this.pairRatios, 0.75);
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

	static List<Row> rows(List<JsonNode> results) {
		Map<String, Row> rows = new TreeMap<>();
		for (JsonNode node : results) {
			Matcher matcher = NAME.matcher(node.get("benchmark").asString());
			if (!matcher.matches()) {
				continue;
			}
			Map<String, String> params = new TreeMap<>();
			JsonNode p = node.get("params");
			if (p != null) {
				for (Map.Entry<String, JsonNode> entry : p.properties()) {
					params.put(entry.getKey(), entry.getValue().asString());
				}
			}
			for (int s = 0; s < SPECS.size(); s++) {
				Spec spec = SPECS.get(s);
				if (!spec.benchmark().equals(matcher.group(1)) || !spec.method().equals(matcher.group(2))) {
					continue;
				}
				String key = String.format("%02d|%s|%08d|%s", s, params.getOrDefault("transport", "tcp"),
						Integer.parseInt(params.getOrDefault("size", "100")), params);
				Row row = rows.computeIfAbsent(key, (k) -> new Row(spec, params));
				List<List<Double>> forks = switch (spec.metric()) {
					case "cpu" -> cpuPerMessage(node.get("secondaryMetrics"), "senderCpuNanos", "messages");
					case "receiver cpu" -> cpuPerMessage(node.get("secondaryMetrics"), "receiverCpuNanos", "received");
					default -> iterations(node.get("primaryMetric"), spec.metric());
				};
				if (forks.isEmpty()) {
					rows.remove(key);
					continue;
				}
				for (List<Double> fork : forks) {
					split(fork, row.starter, row.raw, row.pairRatios);
				}
				JsonNode secondary = node.get("secondaryMetrics");
				if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
					List<List<Double>> alloc = iterations(secondary.get("gc.alloc.rate.norm"), "msgs/s");
					for (List<Double> fork : alloc) {
						split(fork, row.starterAlloc, row.rawAlloc, new ArrayList<>());
					}
				}
			}
		}
		// cases whose starter side is not on this build yet still get a line
		for (int s = 0; s < SPECS.size(); s++) {
			Spec spec = SPECS.get(s);
			int index = s;
			boolean present = rows.keySet().stream().anyMatch((key) -> key.startsWith(String.format("%02d|", index)));
			if (!present && spec.target() != null) {
				rows.put(String.format("%02d|tcp|%08d|", s, 100), new Row(spec, Map.of("transport", "tcp", "size", "100")));
			}
		}
		return new ArrayList<>(rows.values());
	}

	/** Splits one fork's measurement iterations by side and collects the pair ratios. */
	private static void split(List<Double> fork, List<Double> starter, List<Double> raw, List<Double> ratios) {
		for (int i = 0; i + 1 < fork.size(); i += 2) {
			boolean firstIsStarter = Alternation.isStarter(i);
			double s = firstIsStarter ? fork.get(i) : fork.get(i + 1);
			double r = firstIsStarter ? fork.get(i + 1) : fork.get(i);
			starter.add(s);
			raw.add(r);
			ratios.add(s / r);
		}
	}

	/**
	 * The per-iteration values of a metric, per fork: the score of each iteration, or for sample
	 * mode the chosen percentile (or mean) of each iteration's histogram.
	 */
	private static List<List<Double>> iterations(JsonNode metric, String what) {
		List<List<Double>> forks = new ArrayList<>();
		JsonNode histograms = metric.get("rawDataHistogram");
		if (histograms != null) {
			for (int f = 0; f < histograms.size(); f++) {
				List<Double> values = new ArrayList<>();
				for (int i = 0; i < histograms.get(f).size(); i++) {
					values.add(histogramValue(histograms.get(f).get(i), what));
				}
				forks.add(values);
			}
			return forks;
		}
		JsonNode raw = metric.get("rawData");
		for (int f = 0; raw != null && f < raw.size(); f++) {
			List<Double> values = new ArrayList<>();
			for (int i = 0; i < raw.get(f).size(); i++) {
				values.add(raw.get(f).get(i).asDouble());
			}
			forks.add(values);
		}
		return forks;
	}

	/**
	 * CPU nanoseconds per message per iteration, from a thread's auxiliary counters: the push
	 * benchmarks' sending threads, or the listener benchmarks' receiving thread ({@code ReceiverCpu}).
	 */
	private static List<List<Double>> cpuPerMessage(JsonNode secondary, String cpuCounter, String messageCounter) {
		List<List<Double>> forks = new ArrayList<>();
		if (secondary == null || !secondary.has(cpuCounter) || !secondary.has(messageCounter)) {
			return forks;
		}
		List<List<Double>> cpu = iterations(secondary.get(cpuCounter), "msgs/s");
		List<List<Double>> messages = iterations(secondary.get(messageCounter), "msgs/s");
		for (int f = 0; f < cpu.size(); f++) {
			List<Double> values = new ArrayList<>();
			for (int i = 0; i < cpu.get(f).size(); i++) {
				values.add(cpu.get(f).get(i) / Math.max(1, messages.get(f).get(i)));
			}
			forks.add(values);
		}
		return forks;
	}

	private static double histogramValue(JsonNode histogram, String what) {
		long total = 0;
		double sum = 0;
		for (int i = 0; i < histogram.size(); i++) {
			long count = histogram.get(i).get(1).asLong();
			total += count;
			sum += histogram.get(i).get(0).asDouble() * count;
		}
		if (what.equals("mean")) {
			return sum / total;
		}
		double q = what.equals("p50") ? 0.50 : 0.99;
		long rank = (long) Math.ceil(q * total);
		long seen = 0;
		// JMH writes the histogram sorted by value
		for (int i = 0; i < histogram.size(); i++) {
			seen += histogram.get(i).get(1).asLong();
			if (seen >= rank) {
				return histogram.get(i).get(0).asDouble();
			}
		}
		return histogram.get(histogram.size() - 1).get(0).asDouble();
	}

	static double quantile(List<Double> values, double q) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Comparator.naturalOrder());
		double position = q * (sorted.size() - 1);
		int lower = (int) Math.floor(position);
		int upper = (int) Math.ceil(position);
		return sorted.get(lower) + (sorted.get(upper) - sorted.get(lower)) * (position - lower);
	}

	/**
	 * Majordomo numbers: in one JVM (JMH), three processes (defaults, and with
	 * {@code zmq.io-thread-scheduling=batch}), the raw relay and the Guide's references.
	 */
	record Majordomo(Double jvmSync, Double jvmAsync, Double processSync, Double processAsync, Double batchSync,
			Double batchAsync, Double relaySync, Double relayAsync, Map<String, Double[]> guide) {

		/** The output lines of run-reference.sh: {@code guide-<lang>-<sync|async> <requests/s>}. */
		static final Pattern GUIDE_LINE = Pattern.compile("(?m)^guide-(\\w+)-(sync|async)\\s+([0-9]+(?:\\.[0-9]+)?)\\s*$");

		static Majordomo read(Path dir, List<JsonNode> results) throws IOException {
			Double sync = null;
			Double async = null;
			for (JsonNode node : results) {
				String name = node.get("benchmark").asString();
				double score = node.get("primaryMetric").get("score").asDouble();
				if (name.endsWith("MajordomoBenchmark.majordomoSync")) {
					sync = score;
				}
				else if (name.endsWith("MajordomoBenchmark.majordomoAsync")) {
					async = score;
				}
			}
			Properties processes = rates(dir.resolve("majordomo-processes.txt"));
			Properties batch = rates(dir.resolve("majordomo-processes-batch.txt"));
			Properties relay = rates(dir.resolve("relay-processes.txt"));
			Map<String, Double[]> guide = new LinkedHashMap<>();
			Path reference = dir.resolve("guide-reference.txt");
			if (Files.exists(reference)) {
				Matcher matcher = GUIDE_LINE.matcher(Files.readString(reference));
				while (matcher.find()) {
					Double[] rates = guide.computeIfAbsent(matcher.group(1), (lang) -> new Double[2]);
					rates[matcher.group(2).equals("sync") ? 0 : 1] = Double.valueOf(matcher.group(3));
				}
			}
			return new Majordomo(sync, async, number(processes.getProperty("sync")), number(processes.getProperty("async")),
					number(batch.getProperty("sync")), number(batch.getProperty("async")), number(relay.getProperty("sync")), number(relay.getProperty("async")), guide);
		}

		/** A three-process result file ({@code sync=} and {@code async=} lines), empty if absent. */
		private static Properties rates(Path file) throws IOException {
			Properties properties = new Properties();
			if (Files.exists(file)) {
				try (var reader = Files.newBufferedReader(file)) {
					properties.load(reader);
				}
			}
			return properties;
		}

		private static Double number(String text) {
			return (text != null) ? Double.valueOf(text.trim()) : null;
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
