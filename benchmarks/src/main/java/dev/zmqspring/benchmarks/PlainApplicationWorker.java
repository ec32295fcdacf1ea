package dev.zmqspring.benchmarks;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * The PULL worker as a plain application runs it, outside JMH: a {@code @SpringBootApplication} with
 * one {@code @ZmqWorker(type = PULL)} method that only counts, fed by a raw JeroMQ PUSH (HWM 1000)
 * (one per side, connected once) with {@code messages} messages of {@code size} bytes per round, timed
 * from the first send until the method has seen the last one; against a raw PULL {@code recv()} loop on its own thread fed the same way. Rounds
 * alternate raw and starter (ABBA); the first pair is a warm-up. Prints one line per pair and the
 * min/median/max of the throughput ratios (starter / raw).
 *
 * <pre>
 * java -cp "$CP" dev.zmqspring.benchmarks.PlainApplicationWorker [pairs=21] [messages=1000000] [size=100]
 * </pre>
 *
 * <p>With {@code -Dplain.threads=true} it also prints the CPU time of every thread per message over
 * each round, summed by thread name. With {@code -Dplain.side=starter} or {@code raw} it runs only
 * that side, for comparing separate JVMs.
 */
public final class PlainApplicationWorker {

	static volatile CountDownLatch done;

	static volatile long target;

	static long seen;

	static final ThreadCpu RAW_CPU = new ThreadCpu("raw-pull");

	static final ThreadCpu STARTER_CPU = new ThreadCpu("zmq-listener-");

	/** The CPU time of the receiving thread (found by name) over the last round. */
	static final class ThreadCpu {

		private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
			.getThreadMXBean();

		private final String prefix;

		private long start;

		private long used;

		ThreadCpu(String prefix) {
			this.prefix = prefix;
		}

		private long now() {
			for (Thread thread : Thread.getAllStackTraces().keySet()) {
				if (thread.getName().startsWith(this.prefix)) {
					return THREADS.getThreadCpuTime(thread.getId());
				}
			}
			return 0;
		}

		void begin() {
			this.start = now();
		}

		void end() {
			this.used = now() - this.start;
		}

		double perMessage(int messages) {
			return (double) this.used / messages;
		}

	}

	/**
	 * With {@code -Dplain.threads=true}: the CPU time of every thread over a round, summed by thread
	 * name without its digits, to see where a side spends what its receiving thread does not.
	 */
	static final class AllThreadsCpu {

		private static final boolean ENABLED = Boolean.getBoolean("plain.threads");

		private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
			.getThreadMXBean();

		private Map<Long, Long> start = Map.of();

		private final Map<Long, String> names = new HashMap<>();

		private Map<Long, Long> snapshot() {
			Map<Long, Long> times = new HashMap<>();
			for (Thread thread : Thread.getAllStackTraces().keySet()) {
				long cpu = THREADS.getThreadCpuTime(thread.getId());
				if (cpu >= 0) {
					times.put(thread.getId(), cpu);
					this.names.put(thread.getId(), thread.getName().replaceAll("[0-9]+", "#"));
				}
			}
			return times;
		}

		void begin() {
			if (ENABLED) {
				this.start = snapshot();
			}
		}

		String end(int messages) {
			if (!ENABLED) {
				return "";
			}
			Map<String, Long> byName = new TreeMap<>();
			snapshot().forEach((id, cpu) -> {
				long used = cpu - this.start.getOrDefault(id, 0L);
				if (used > 0) {
					byName.merge(this.names.get(id), used, Long::sum);
				}
			});
			StringBuilder out = new StringBuilder();
			long total = 0;
			for (Map.Entry<String, Long> entry : byName.entrySet()) {
				double perMessage = (double) entry.getValue() / messages;
				total += entry.getValue();
				if (perMessage >= 1) {
					out.append(String.format(Locale.ROOT, " %s=%.0f", entry.getKey(), perMessage));
				}
			}
			return String.format(Locale.ROOT, " [CPU ns/msg total %.0f:%s]", (double) total / messages, out);
		}

	}

	static final AllThreadsCpu ALL_CPU = new AllThreadsCpu();

	private PlainApplicationWorker() {
	}

	public static void main(String[] args) throws Exception {
		int pairs = (args.length > 0) ? Integer.parseInt(args[0]) : 21;
		int messages = (args.length > 1) ? Integer.parseInt(args[1]) : 1_000_000;
		int size = (args.length > 2) ? Integer.parseInt(args[2]) : 100;
		String side = System.getProperty("plain.side");
		if (side != null) {
			oneSide(side, pairs, messages, size);
			return;
		}
		int port = freePort();
		ConfigurableApplicationContext application = StarterApp.start(App.class, "plain.port=" + port);
		RawLoop raw = new RawLoop();
		ZContext feedContext = RawZmq.context();
		byte[] payload = RawZmq.payload(size);
		// one PUSH per side, connected once: a fresh connection per round would meet JeroMQ's handshake
		// stall (docs/jeromq.md) about one round in twenty, 2 s lost on either side at random
		ZMQ.Socket starterFeed = feeder(feedContext, "tcp://127.0.0.1:" + port);
		ZMQ.Socket rawFeed = feeder(feedContext, raw.endpoint);
		List<Double> ratios = new ArrayList<>();
		try {
			for (int pair = 0; pair <= pairs; pair++) {
				boolean rawFirst = (pair % 2 == 0);
				double first = rawFirst ? raw.run(rawFeed, payload, messages) : starter(starterFeed, payload, messages);
				double second = rawFirst ? starter(starterFeed, payload, messages) : raw.run(rawFeed, payload, messages);
				double rawRate = rawFirst ? first : second;
				double starterRate = rawFirst ? second : first;
				double ratio = starterRate / rawRate;
				System.out.printf(Locale.ROOT,
						"%s pair %d: raw %,.0f msg/s, starter %,.0f msg/s, ratio %.3f; receiving thread CPU per message: raw %.0f ns, starter %.0f ns%n",
						(pair == 0) ? "warm-up" : "measured", pair, rawRate, starterRate, ratio,
						RAW_CPU.perMessage(messages), STARTER_CPU.perMessage(messages));
				if (pair > 0) {
					ratios.add(ratio);
				}
			}
		}
		finally {
			starterFeed.close();
			rawFeed.close();
			feedContext.close();
			raw.close();
			application.close();
		}
		List<Double> sorted = new ArrayList<>(ratios);
		Collections.sort(sorted);
		System.out.printf(Locale.ROOT, "plain-application PULL worker, %d pairs of %d messages of %d B: ratio min %.3f median %.3f max %.3f%n",
				sorted.size(), messages, size, sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
	}

	/**
	 * {@code -Dplain.side=starter|raw}: only that side in this JVM, {@code 2 * pairs} measured rounds
	 * after one warm-up round, to compare JVMs that each ran one side (the JIT then compiles JeroMQ's
	 * receive path for one reader only).
	 */
	private static void oneSide(String side, int pairs, int messages, int size) throws Exception {
		boolean starterSide = side.equals("starter");
		if (!starterSide && !side.equals("raw")) {
			throw new IllegalArgumentException("plain.side must be starter or raw but was " + side);
		}
		int port = freePort();
		ConfigurableApplicationContext application = starterSide
				? StarterApp.start(App.class, "plain.port=" + port) : null;
		RawLoop raw = starterSide ? null : new RawLoop();
		ZContext feedContext = RawZmq.context();
		byte[] payload = RawZmq.payload(size);
		ZMQ.Socket feed = feeder(feedContext, starterSide ? "tcp://127.0.0.1:" + port : raw.endpoint);
		List<Double> rates = new ArrayList<>();
		try {
			for (int round = 0; round <= 2 * pairs; round++) {
				double rate = starterSide ? starter(feed, payload, messages) : raw.run(feed, payload, messages);
				if (round > 0) {
					rates.add(rate);
				}
			}
		}
		finally {
			feed.close();
			feedContext.close();
			if (raw != null) {
				raw.close();
			}
			if (application != null) {
				application.close();
			}
		}
		Collections.sort(rates);
		System.out.printf(Locale.ROOT, "plain-application PULL worker, %s side only, %d rounds of %d messages of %d B: msg/s min %.0f median %.0f max %.0f%n",
				side, rates.size(), messages, size, rates.get(0), rates.get(rates.size() / 2), rates.get(rates.size() - 1));
	}

	private static double starter(ZMQ.Socket push, byte[] payload, int messages) throws InterruptedException {
		seen = 0;
		target = messages;
		done = new CountDownLatch(1);
		STARTER_CPU.begin();
		ALL_CPU.begin();
		double rate = feed(push, payload, messages, done);
		STARTER_CPU.end();
		String threads = ALL_CPU.end(messages);
		if (!threads.isEmpty()) {
			System.out.println("  starter" + threads);
		}
		return rate;
	}

	private static ZMQ.Socket feeder(ZContext context, String endpoint) {
		ZMQ.Socket push = RawZmq.socket(context, SocketType.PUSH);
		push.setSndHWM(1000);
		push.connect(endpoint);
		return push;
	}

	/** Sends the messages and returns messages per second until {@code done}. */
	static double feed(ZMQ.Socket push, byte[] payload, int messages, CountDownLatch done) throws InterruptedException {
		long start = System.nanoTime();
		for (int i = 0; i < messages; i++) {
			push.send(payload, 0);
		}
		if (!done.await(120, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the receiver did not see all " + messages + " messages");
		}
		long nanos = System.nanoTime() - start;
		return messages * 1e9 / nanos;
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The raw side: a PULL bound on its own thread, counting. Its own {@code ZMQ.Context}, so that
	 * {@link #close} is the Guide's shutdown: terminating the context ends the blocked receive with
	 * ETERM and the loop closes its socket (closing a {@code ZContext} would close that socket from
	 * the main thread while the loop still uses it, which hung a run now and then).
	 */
	static final class RawLoop {

		private final ZMQ.Context context = ZMQ.context(1);

		final String endpoint;

		private final Thread thread;

		private volatile CountDownLatch roundDone;

		private volatile long roundTarget;

		RawLoop() throws Exception {
			this.endpoint = "tcp://127.0.0.1:" + freePort();
			CountDownLatch bound = new CountDownLatch(1);
			this.thread = new Thread(() -> loop(bound), "raw-pull");
			this.thread.start();
			bound.await();
		}

		private void loop(CountDownLatch bound) {
			ZMQ.Socket pull = this.context.socket(SocketType.PULL);
			RawZmq.apply(pull);
			pull.bind(this.endpoint);
			bound.countDown();
			long count = 0;
			try {
				while (true) {
					byte[] frame = pull.recv(0);
					if (frame == null) {
						return;
					}
					if (++count == this.roundTarget) {
						count = 0;
						this.roundDone.countDown();
					}
				}
			}
			catch (RuntimeException ex) {
				// ETERM: the context is closing
			}
			finally {
				pull.close();
			}
		}

		double run(ZMQ.Socket push, byte[] payload, int messages) throws InterruptedException {
			this.roundDone = new CountDownLatch(1);
			this.roundTarget = messages;
			RAW_CPU.begin();
			ALL_CPU.begin();
			double rate = feed(push, payload, messages, this.roundDone);
			RAW_CPU.end();
			String threads = ALL_CPU.end(messages);
			if (!threads.isEmpty()) {
				System.out.println("  raw    " + threads);
			}
			return rate;
		}

		void close() throws InterruptedException {
			this.context.term(); // returns once the loop has closed its socket
			this.thread.join(10_000);
		}

	}

	/** The plain application: the auto-configuration and one counting PULL worker. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class App {

		@ZmqWorker(endpoints = "@tcp://127.0.0.1:${plain.port}", type = SocketType.PULL)
		void take(byte[] body) {
			if (++seen == target) {
				done.countDown();
			}
		}

	}

}
