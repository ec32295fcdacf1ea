package dev.zmqspring.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * How the black-box subscriber (Guide ch.5 "High-Speed Subscribers") scales with its handlers: two
 * applications in one JVM, {@code @ZmqSubscriber(concurrency = 1)} and {@code concurrency = N}, the
 * same handler (a busy wait long enough to dominate the cost of a message, 50 µs by default), fed by
 * the raw publisher of {@link BlackBoxSubscriber} (50 topics, at most 500 messages ahead). Rounds
 * alternate between the two (1, N, N, 1, ...); the first pair is a warm-up. Prints messages/s per
 * side, the ratio N / 1 per pair, then min/median/max, and the CPU the process had during the
 * measured rounds (on a shared machine, the ratio cannot exceed the cores the handlers get).
 *
 * <pre>
 * java -cp "$CP" dev.zmqspring.benchmarks.BlackBoxScaling [concurrency=2] [pairs=5] [messages=20000] [handlerMicros=50]
 * </pre>
 */
public final class BlackBoxScaling {

	private BlackBoxScaling() {
	}

	public static void main(String[] args) throws Exception {
		int concurrency = (args.length > 0) ? Integer.parseInt(args[0]) : 2;
		int pairs = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		int messages = (args.length > 2) ? Integer.parseInt(args[2]) : 20_000;
		long handlerMicros = (args.length > 3) ? Long.parseLong(args[3]) : 50;
		BlackBoxSubscriber.handlerNanos = handlerMicros * 1_000;
		int onePort = BlackBoxSubscriber.freePort();
		int manyPort = BlackBoxSubscriber.freePort();
		ConfigurableApplicationContext one = StarterApp.start(BlackBoxSubscriber.App.class, "blackbox.port=" + onePort,
				"blackbox.concurrency=1");
		ConfigurableApplicationContext many = StarterApp.start(BlackBoxSubscriber.App.class,
				"blackbox.port=" + manyPort, "blackbox.concurrency=" + concurrency);
		ZContext context = RawZmq.context();
		ZMQ.Socket onePub = BlackBoxSubscriber.publisher(context, "tcp://127.0.0.1:" + onePort);
		ZMQ.Socket manyPub = BlackBoxSubscriber.publisher(context, "tcp://127.0.0.1:" + manyPort);
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		List<Double> ratios = new ArrayList<>();
		long cpuNanos = 0;
		long wallNanos = 0;
		try {
			for (int pair = 0; pair <= pairs; pair++) {
				boolean oneFirst = pair % 2 == 0;
				long cpu = os.getProcessCpuTime();
				long wall = System.nanoTime();
				double a = oneFirst ? round(onePub, messages) : round(manyPub, messages);
				double b = oneFirst ? round(manyPub, messages) : round(onePub, messages);
				double oneRate = oneFirst ? a : b;
				double manyRate = oneFirst ? b : a;
				double cores = (os.getProcessCpuTime() - cpu) / (double) (System.nanoTime() - wall);
				System.out.printf(Locale.ROOT,
						"%s pair %d: concurrency 1 %,.0f msg/s, concurrency %d %,.0f msg/s, ratio %.2f, process CPU %.2f cores, load %.1f%n",
						(pair == 0) ? "warm-up" : "measured", pair, oneRate, concurrency, manyRate, manyRate / oneRate, cores,
						os.getSystemLoadAverage());
				if (pair > 0) {
					ratios.add(manyRate / oneRate);
					cpuNanos += os.getProcessCpuTime() - cpu;
					wallNanos += System.nanoTime() - wall;
				}
			}
		}
		finally {
			onePub.close();
			manyPub.close();
			many.close();
			one.close();
			context.close();
		}
		Collections.sort(ratios);
		System.out.printf(Locale.ROOT,
				"black-box scaling, concurrency %d against 1, %d us handler, %d pairs of %d messages: ratio min %.2f median %.2f max %.2f, process CPU %.2f cores%n",
				concurrency, handlerMicros, ratios.size(), messages, ratios.get(0), ratios.get(ratios.size() / 2),
				ratios.get(ratios.size() - 1), cpuNanos / (double) wallNanos);
	}

	private static double round(ZMQ.Socket pub, int messages) {
		return BlackBoxSubscriber.round(pub, BlackBoxSubscriber.handled, messages);
	}

}
