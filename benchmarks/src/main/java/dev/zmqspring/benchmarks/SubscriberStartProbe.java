package dev.zmqspring.benchmarks;

/**
 * Reproduces an intermittent problem found while benchmarking: a {@code @ZmqSubscriber} that
 * receives nothing at all for 15 s after its application started, while another PUB/SUB pair (raw
 * JeroMQ, on other contexts) is open in the same JVM. Without the other pair the subscriber receives
 * its first message within about 0.5–3 s every time.
 *
 * <pre>
 * CP="benchmarks/target/classes:$(cat benchmarks/target/benchmark-classpath.txt)"
 * java -cp "$CP" dev.zmqspring.benchmarks.SubscriberStartProbe          # with the raw pair: fails in some runs
 * java -cp "$CP" dev.zmqspring.benchmarks.SubscriberStartProbe alone    # without it
 * </pre>
 *
 * Measured on 2026-11-21 (main 2599425): 2 of 4 runs failed with the raw pair, 0 of 4 without.
 */
public final class SubscriberStartProbe {

	private SubscriberStartProbe() {
	}

	public static void main(String[] args) throws Exception {
		boolean alone = args.length > 0 && args[0].equals("alone");
		SubscriberBenchmark.Pair sides = new SubscriberBenchmark.Pair();
		for (int run = 0; run < 4; run++) {
			WindowedFeed raw = alone ? null : sides.openSide(false, 100);
			long start = System.nanoTime();
			try {
				WindowedFeed starter = sides.openSide(true, 100);
				System.out.printf("run %d: @ZmqSubscriber received its first message after %.0f ms%n", run,
						(System.nanoTime() - start) / 1e6);
				starter.close();
			}
			catch (IllegalStateException ex) {
				System.out.printf("run %d: FAILED after %.0f ms: %s%n", run, (System.nanoTime() - start) / 1e6,
						ex.getMessage());
			}
			if (raw != null) {
				raw.close();
			}
		}
		System.exit(0);
	}

}
