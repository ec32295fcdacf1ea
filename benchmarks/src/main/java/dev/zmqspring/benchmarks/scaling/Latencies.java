package dev.zmqspring.benchmarks.scaling;

import java.util.Arrays;
import java.util.List;

/**
 * Round-trip times of one client thread, in nanoseconds, for the p50 and p99 of a scaling point:
 * a ring of the latest {@code capacity} samples (written by its thread only, read after it stopped).
 */
final class Latencies {

	private final long[] samples;

	private long count;

	volatile boolean recording;

	Latencies(int capacity) {
		this.samples = new long[Math.max(16, capacity)];
	}

	void record(long nanos) {
		if (this.recording) {
			this.samples[(int) (this.count++ % this.samples.length)] = nanos;
		}
	}

	/** The p-quantile (0..1) in microseconds over every recorder, {@code NaN} if none recorded. */
	static double[] quantilesMicros(List<Latencies> all, double... quantiles) {
		int total = 0;
		for (Latencies l : all) {
			total += (int) Math.min(l.count, l.samples.length);
		}
		double[] result = new double[quantiles.length];
		if (total == 0) {
			Arrays.fill(result, Double.NaN);
			return result;
		}
		long[] merged = new long[total];
		int at = 0;
		for (Latencies l : all) {
			int n = (int) Math.min(l.count, l.samples.length);
			System.arraycopy(l.samples, 0, merged, at, n);
			at += n;
		}
		Arrays.sort(merged);
		for (int i = 0; i < quantiles.length; i++) {
			result[i] = merged[Math.min(total - 1, (int) (quantiles[i] * total))] / 1000.0;
		}
		return result;
	}

}
