package dev.zmqspring.benchmarks.scaling;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.springframework.context.ConfigurableApplicationContext;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.benchmarks.MajordomoSupport;
import dev.zmqspring.benchmarks.RawZmq;
import dev.zmqspring.benchmarks.StarterApp;

/**
 * The last value cache (Guide ch.5 lvcache, {@code zmq.proxies.<name>.type=last-value-cache}) with
 * 1k to 100k cached topics: a raw PUB publishes one message per topic, then one subscriber that is
 * already connected subscribes to one topic after another (distinct topics in a random, seeded
 * order, as many at every point) and times each subscription until the cached value arrives: the
 * late-join latency of one topic, which the Guide's lvcache answers with one hash lookup.
 *
 * <p>A join is a few wake-ups across four threads, so one pass of a point swings by ±30 % with the
 * machine; the points therefore run in several rounds, in ABBA order (smallest to largest, then
 * back), and each point's latencies are pooled over its rounds.
 */
final class LvcLateJoin {

	private final Path out;

	private final int joins;

	private final int rounds;

	LvcLateJoin(Path out, boolean smoke) {
		this.out = out;
		this.joins = smoke ? 100 : 1000;
		this.rounds = smoke ? 1 : Integer.getInteger("scaling.lvc.rounds", 6);
	}

	void run(long[] points) throws Exception {
		ScaleTable table = new ScaleTable("lvc-late-join", "Last value cache, late join of one topic", "cached topics",
				"joins/s (one at a time)", "late-join p50 µs", true);
		long seed = Long.getLong("scaling.seed", 34);
		System.out.println("lvc: seed " + seed + ", " + this.rounds + " rounds");
		Latencies[] times = new Latencies[points.length];
		long[] done = new long[points.length];
		long[] nanos = new long[points.length];
		for (int round = 0; round < this.rounds; round++) {
			for (int k = 0; k < points.length; k++) {
				int i = (round % 2 == 0) ? k : points.length - 1 - k;
				if (times[i] == null) {
					times[i] = new Latencies(this.joins * this.rounds);
				}
				long started = System.nanoTime();
				done[i] += pass((int) points[i], new Random(seed + round), times[i]);
				nanos[i] += System.nanoTime() - started;
			}
		}
		for (int i = 0; i < points.length; i++) {
			double[] p = Latencies.quantilesMicros(List.of(times[i]), 0.5, 0.99);
			table.add(new ScaleTable.Point(points[i], done[i] / (nanos[i] / 1e9), p[0], p[1], p[0]));
		}
		table.write(this.out);
	}

	/** One pass of a point: a fresh cache of {@code topics}, then the timed joins; returns how many. */
	private int pass(int topics, Random random, Latencies times) throws Exception {
		String frontend = "tcp://127.0.0.1:" + MajordomoSupport.freePort();
		String backend = "tcp://127.0.0.1:" + MajordomoSupport.freePort();
		ConfigurableApplicationContext app = StarterApp.start(StarterApp.AutoConfigured.class,
				"zmq.proxies.lvc.type=last-value-cache", "zmq.proxies.lvc.frontend=@" + frontend,
				"zmq.proxies.lvc.backend=@" + backend, "zmq.proxies.lvc.max-topics=" + (topics + 2)); // and "warm", "end"
		try (ZContext context = RawZmq.context()) {
			ZMQ.Socket pub = context.createSocket(SocketType.PUB);
			pub.setSndHWM(0);
			pub.setLinger(0);
			pub.connect(frontend);
			ZMQ.Socket sub = context.createSocket(SocketType.SUB);
			sub.setRcvHWM(0);
			sub.setLinger(0);
			sub.setReceiveTimeOut(100);
			sub.connect(backend);
			byte[] payload = RawZmq.payload(100);
			sub.subscribe("warm".getBytes(StandardCharsets.US_ASCII));
			await(pub, sub, "warm", payload);
			for (int i = 0; i < topics; i++) {
				pub.sendMore(topic(i));
				pub.send(payload, 0);
			}
			sub.subscribe("end".getBytes(StandardCharsets.US_ASCII));
			await(pub, sub, "end", payload); // every topic before it is cached
			sub.unsubscribe("warm".getBytes(StandardCharsets.US_ASCII));
			sub.unsubscribe("end".getBytes(StandardCharsets.US_ASCII));
			sub.setReceiveTimeOut(10_000);
			List<Integer> order = distinct(random, topics, Math.min(this.joins, topics));
			int done = 0;
			for (int k : order) {
				// the first fifth warms the path up and is not kept
				times.recording = done >= order.size() / 5;
				byte[] name = topic(k).getBytes(StandardCharsets.US_ASCII);
				long start = System.nanoTime();
				sub.subscribe(name);
				byte[] got = sub.recv(0);
				while (got != null && !java.util.Arrays.equals(got, name)) {
					// a late copy of "warm" or "end", published before the unsubscription arrived
					while (sub.hasReceiveMore()) {
						sub.recv(0);
					}
					got = sub.recv(0);
				}
				if (got == null) {
					throw new IllegalStateException("late join of " + topic(k) + " got nothing");
				}
				sub.recv(0);
				times.record(System.nanoTime() - start);
				done++;
			}
			return done;
		}
		finally {
			app.close();
		}
	}

	/** {@code count} distinct topics out of {@code topics}, in a random order. */
	private static List<Integer> distinct(Random random, int topics, int count) {
		Set<Integer> seen = new HashSet<>();
		List<Integer> order = new ArrayList<>(count);
		while (order.size() < count) {
			int k = random.nextInt(topics);
			if (seen.add(k)) {
				order.add(k);
			}
		}
		return order;
	}

	private static void await(ZMQ.Socket pub, ZMQ.Socket sub, String topic, byte[] payload) {
		long deadline = System.currentTimeMillis() + 60_000;
		while (System.currentTimeMillis() < deadline) {
			pub.sendMore(topic);
			pub.send(payload, 0);
			byte[] got = sub.recv(0);
			if (got != null) {
				while (sub.hasReceiveMore()) {
					sub.recv(0);
				}
				if (new String(got, StandardCharsets.US_ASCII).equals(topic)) {
					while (sub.recv(ZMQ.DONTWAIT) != null) {
						// further copies
					}
					return;
				}
			}
		}
		throw new IllegalStateException("the last value cache never forwarded " + topic);
	}

	private static String topic(int i) {
		return String.format("topic/%06d", i);
	}

}
