package dev.zmqspring.benchmarks.scaling;

import java.nio.file.Path;

import dev.zmqspring.benchmarks.scaling.RawBrokerPeers.Protocol;

/**
 * The scaling step of {@code benchmarks/run.sh} (issue 34): one series per call, each in a JVM of
 * its own, written to {@code <out>/scaling/<series>.tsv} ({@link ScaleTable}); the report turns them
 * into {@code scaling-table.md} and {@code scaling.png}. {@code --smoke} runs the smallest and the
 * largest point only, briefly.
 *
 * <pre>java ... Scaling &lt;series&gt; &lt;out dir&gt; [--smoke]</pre>
 */
public final class Scaling {

	private Scaling() {
	}

	public static void main(String[] args) throws Exception {
		String series = args[0];
		Path out = Path.of(args[1]).resolve("scaling");
		boolean smoke = args.length > 2 && args[2].equals("--smoke");
		BrokerScaling brokers = new BrokerScaling(out, smoke);
		switch (series) {
			case "mdp-workers" -> brokers.mdpWorkers(points(smoke, 1, 10, 100, 1000));
			case "mdp-services" -> brokers.mdpServices(points(smoke, 1, 10, 100));
			case "mdp-clients" -> brokers.mdpClients(points(smoke, 1, 10, 100, 1000));
			case "lb-workers" -> brokers.workers(Protocol.LOAD_BALANCING, points(smoke, 1, 10, 100, 1000));
			case "pp-workers" -> brokers.workers(Protocol.PARANOID_PIRATE, points(smoke, 1, 10, 100, 1000));
			case "titanic" -> new TitanicRecovery(out, smoke).run(points(smoke, 10_000, 100_000, 1_000_000));
			case "lvc" -> new LvcLateJoin(out, smoke).run(points(smoke, 1_000, 10_000, 100_000));
			case "clone-snapshot" -> new CloneScaling(out, smoke).snapshot(points(smoke, 10_000, 100_000, 1_000_000));
			case "clone-writers" -> new CloneScaling(out, smoke).writers(points(smoke, 1, 10, 50));
			case "clone-maps" -> new CloneScaling(out, smoke).maps(points(smoke, 1, 10, 50));
			case "memory" -> new MemoryScaling(out, smoke).run();
			default -> throw new IllegalArgumentException("unknown series " + series);
		}
		System.exit(0); // daemon peers and JeroMQ reapers must not keep the JVM
	}

	/** The points of a series; the smoke run keeps the first and the last, scaled down tenfold for sizes above 100k. */
	static long[] points(boolean smoke, long... points) {
		String only = System.getProperty("scaling.points");
		if (only != null && !only.isBlank()) {
			return java.util.Arrays.stream(only.split(",")).mapToLong(Long::parseLong).toArray();
		}
		if (!smoke) {
			return points;
		}
		long last = points[points.length - 1];
		return new long[] { points[0], (last > 100_000) ? last / 10 : last };
	}

}
