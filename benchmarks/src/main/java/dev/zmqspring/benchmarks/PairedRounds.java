package dev.zmqspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The Clone and Freelance cases of issue 34 outside JMH, for a machine too loaded for JMH's trials:
 * starter and raw open in one JVM, rounds alternating between them (A B B A ...), each round timed
 * by the wall clock and by the process's CPU time, so each pair compares two rounds seconds apart and
 * the CPU per operation shows what each side costs whatever share of the cores it got.
 *
 * <pre>
 * java -cp "$CP" dev.zmqspring.benchmarks.PairedRounds clone-updates|clone-snapshot|freelance [pairs=10]
 * </pre>
 */
public final class PairedRounds {

	private PairedRounds() {
	}

	/** One side of a case: a round of operations. */
	interface Side {

		/** Runs one round; returns how many operations it did. */
		int round() throws Exception;

	}

	public static void main(String[] args) throws Exception {
		String which = args[0];
		int pairs = (args.length > 1) ? Integer.parseInt(args[1]) : 10;
		List<AutoCloseable> closing = new ArrayList<>();
		Side starter;
		Side raw;
		switch (which) {
			case "clone-updates" -> {
				CloneBenchmark.Updates s = clone(new CloneBenchmark.Updates(), "starter", closing);
				CloneBenchmark.Updates r = clone(new CloneBenchmark.Updates(), "raw", closing);
				starter = () -> updates(s);
				raw = () -> updates(r);
			}
			case "clone-snapshot" -> {
				CloneBenchmark.Snapshot s = clone(new CloneBenchmark.Snapshot(), "starter", closing);
				CloneBenchmark.Snapshot r = clone(new CloneBenchmark.Snapshot(), "raw", closing);
				starter = () -> snapshot(s);
				raw = () -> snapshot(r);
			}
			case "freelance", "freelance-agent" -> {
				FreelanceBenchmark.Pair pair = new FreelanceBenchmark.Pair();
				pair.size = 100;
				pair.raw = which.equals("freelance") ? "direct" : "agent";
				pair.open();
				closing.add(pair::close);
				FreelanceBenchmark benchmark = new FreelanceBenchmark();
				starter = () -> window(benchmark, pair, true);
				raw = () -> window(benchmark, pair, false);
			}
			default -> throw new IllegalArgumentException(which);
		}
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		List<Double> wallRatios = new ArrayList<>();
		List<Double> cpuRatios = new ArrayList<>();
		List<Double> starterWall = new ArrayList<>();
		List<Double> rawWall = new ArrayList<>();
		List<Double> starterCpu = new ArrayList<>();
		List<Double> rawCpu = new ArrayList<>();
		try {
			for (int pair = 0; pair <= pairs; pair++) {
				boolean starterFirst = pair % 2 == 0;
				double[] a = measure(starterFirst ? starter : raw, os);
				double[] b = measure(starterFirst ? raw : starter, os);
				double[] s = starterFirst ? a : b;
				double[] r = starterFirst ? b : a;
				System.out.printf(Locale.ROOT, "%s %s pair %d: starter %.2f us/op wall %.2f us/op cpu, raw %.2f us/op wall %.2f us/op cpu, time ratio %.2f, cpu ratio %.2f, load %.1f%n",
						which, (pair == 0) ? "warm-up" : "measured", pair, s[0], s[1], r[0], r[1], s[0] / r[0], s[1] / r[1],
						os.getSystemLoadAverage());
				if (pair > 0) {
					wallRatios.add(s[0] / r[0]);
					cpuRatios.add(s[1] / r[1]);
					starterWall.add(s[0]);
					rawWall.add(r[0]);
					starterCpu.add(s[1]);
					rawCpu.add(r[1]);
				}
			}
		}
		finally {
			for (AutoCloseable c : closing) {
				c.close();
			}
		}
		System.out.printf(Locale.ROOT, "%s, %d pairs: starter/raw time per op min %.2f median %.2f max %.2f; cpu per op min %.2f median %.2f max %.2f; medians: starter %.2f us wall %.2f us cpu, raw %.2f us wall %.2f us cpu%n",
				which, wallRatios.size(), min(wallRatios), median(wallRatios), max(wallRatios), min(cpuRatios), median(cpuRatios),
				max(cpuRatios), median(starterWall), median(starterCpu), median(rawWall), median(rawCpu));
		System.exit(0);
	}

	private static <T extends CloneBenchmark.Side> T clone(T state, String side, List<AutoCloseable> closing) throws Exception {
		state.side = side;
		if (state instanceof CloneBenchmark.Snapshot snapshot) {
			snapshot.setUp();
		}
		else {
			((CloneBenchmark.Updates) state).setUp();
		}
		closing.add(state::close);
		return state;
	}

	private static int updates(CloneBenchmark.Updates state) {
		for (int i = 0; i < 10; i++) {
			state.updates(CloneBenchmark.UPDATES);
		}
		return 10 * CloneBenchmark.UPDATES;
	}

	private static int snapshot(CloneBenchmark.Snapshot state) {
		for (int i = 0; i < 3; i++) {
			state.snapshot();
		}
		return 3;
	}

	private static int window(FreelanceBenchmark benchmark, FreelanceBenchmark.Pair pair, boolean starter) {
		pair.useStarter = starter;
		for (int i = 0; i < 1000; i++) {
			benchmark.throughput(pair);
		}
		return 1000 * FreelanceBenchmark.WINDOW;
	}

	private static double[] measure(Side side, com.sun.management.OperatingSystemMXBean os) throws Exception {
		long cpu = os.getProcessCpuTime();
		long wall = System.nanoTime();
		int ops = side.round();
		return new double[] { (System.nanoTime() - wall) / 1e3 / ops, (os.getProcessCpuTime() - cpu) / 1e3 / ops };
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	private static double min(List<Double> values) {
		return Collections.min(values);
	}

	private static double max(List<Double> values) {
		return Collections.max(values);
	}

}
