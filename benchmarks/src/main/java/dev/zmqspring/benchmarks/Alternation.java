package dev.zmqspring.benchmarks;

import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Decides which side, starter or raw, runs the next JMH iteration. Every benchmark keeps both sides
 * open in the same JVM and alternates them iteration by iteration, in the order starter, raw, raw,
 * starter, starter, raw... (ABBA), so that each consecutive pair of measurement iterations holds one
 * of each, measured a second apart, and a slow drift in machine load favours neither side. On a
 * 2-core machine shared with other work, the noise comes in bursts of seconds: comparing runs
 * minutes apart (one JMH benchmark per side) gave ratios off by 3×; pairs a second apart do not.
 *
 * <p>The report ({@code BenchmarkReport}) reads the per-iteration scores from the JMH JSON and
 * assigns them to sides with {@link #isStarter(int)}. The number of measurement iterations must be
 * even. Warm-up iterations alternate starter, raw, so both code paths are compiled before measuring.
 */
public final class Alternation {

	/**
	 * For profiling one side alone: {@code -jvmArgsAppend -Dbench.side=starter} (or {@code raw}) runs
	 * every iteration on that side. The report cannot pair such a run; read its JMH output directly.
	 */
	private static final String FORCED = System.getProperty("bench.side");

	private int warmups;

	private int measurements;

	/**
	 * Called from a {@code @Setup(Level.Iteration)} method.
	 * @param params the iteration about to run
	 * @return whether the starter side runs it
	 */
	public boolean next(IterationParams params) {
		if (FORCED != null) {
			return FORCED.equals("starter");
		}
		if (params.getType() == IterationType.WARMUP) {
			return (this.warmups++ % 2) == 0;
		}
		return isStarter(this.measurements++);
	}

	/**
	 * The side of a measurement iteration.
	 * @param iteration the measurement iteration, from 0
	 * @return whether the starter side ran it
	 */
	public static boolean isStarter(int iteration) {
		return ((iteration + 1) / 2) % 2 == 0;
	}

}
