package dev.zmqspring.benchmarks.scaling;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
 * already connected subscribes to one topic after another (random, seeded) and times each
 * subscription until the cached value arrives: the late-join latency of one topic, which the
 * Guide's lvcache answers with one hash lookup.
 */
final class LvcLateJoin {

	private final Path out;

	private final int joins;

	LvcLateJoin(Path out, boolean smoke) {
		this.out = out;
		this.joins = smoke ? 100 : 1000;
	}

	void run(long[] points) throws Exception {
		ScaleTable table = new ScaleTable("lvc-late-join", "Last value cache, late join of one topic", "cached topics",
				"joins/s (one at a time)", "late-join p50 µs", true);
		long seed = Long.getLong("scaling.seed", 34);
		System.out.println("lvc: seed " + seed);
		for (long topics : points) {
			table.add(point((int) topics, new Random(seed)));
		}
		table.write(this.out);
	}

	private ScaleTable.Point point(int topics, Random random) throws Exception {
		String frontend = "tcp://127.0.0.1:" + MajordomoSupport.freePort();
		String backend = "tcp://127.0.0.1:" + MajordomoSupport.freePort();
		ConfigurableApplicationContext app = StarterApp.start(StarterApp.AutoConfigured.class,
				"zmq.proxies.lvc.type=last-value-cache", "zmq.proxies.lvc.frontend=@" + frontend,
				"zmq.proxies.lvc.backend=@" + backend, "zmq.proxies.lvc.max-topics=" + topics);
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
			List<Latencies> times = List.of(new Latencies(this.joins));
			long started = System.nanoTime();
			List<Integer> order = new ArrayList<>();
			for (int i = 0; i < this.joins; i++) {
				order.add(random.nextInt(topics));
			}
			java.util.Set<Integer> seen = new java.util.HashSet<>();
			int done = 0;
			for (int k : order) {
				if (!seen.add(k)) {
					continue;
				}
				// the first fifth warms the path up and is not kept
				times.get(0).recording = done >= order.size() / 5;
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
				times.get(0).record(System.nanoTime() - start);
				done++;
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			double[] p = Latencies.quantilesMicros(times, 0.5, 0.99);
			return new ScaleTable.Point(topics, done / seconds, p[0], p[1], p[0]);
		}
		finally {
			app.close();
		}
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
