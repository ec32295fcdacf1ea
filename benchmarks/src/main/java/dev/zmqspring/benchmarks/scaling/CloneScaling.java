package dev.zmqspring.benchmarks.scaling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.zeromq.ZContext;

import dev.zmqspring.benchmarks.RawZmq;
import dev.zmqspring.clone.CloneEndpoints;
import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.clone.CloneServerConfig;
import dev.zmqspring.clone.ZmqCloneMap;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Clone (Guide ch.5 "Reliable Pub-Sub (Clone Pattern)") as it grows, starter only, tcp loopback,
 * 100-byte values: the time a new {@link ZmqCloneMap} takes to get a snapshot of 10k to 1M keys;
 * updates per second with 1 to 50 maps writing at once (each {@link ZmqCloneMap#set} goes to the
 * collector and comes back sequenced); and updates delivered per second with 1 to 50 maps
 * subscribed to one writer.
 */
final class CloneScaling {

	private static final String VALUE = "v".repeat(100);

	private final Path out;

	private final int updates;

	CloneScaling(Path out, boolean smoke) {
		this.out = out;
		this.updates = smoke ? 5_000 : 20_000;
	}

	void snapshot(long[] points) throws Exception {
		ScaleTable table = new ScaleTable("clone-snapshot", "Clone snapshot of a new map", "keys", "keys/s",
				"snapshot µs per key", true);
		long[] all = new long[points.length + 1];
		all[0] = -Math.min(points[0], 10_000); // a warm-up point, not kept
		System.arraycopy(points, 0, all, 1, points.length);
		for (long point : all) {
			long keys = Math.abs(point);
			try (Server server = new Server()) {
				ZmqCloneMap<String> writer = server.map();
				load(writer, (int) keys);
				int rounds = (keys >= 1_000_000) ? 1 : 3;
				List<Double> millis = new ArrayList<>();
				for (int r = 0; r < rounds; r++) {
					ZmqCloneMap<String> fresh = server.newMap();
					long start = System.nanoTime();
					fresh.start();
					if (!fresh.awaitSnapshot(Duration.ofMinutes(5)) || fresh.asMap().size() < keys) {
						throw new IllegalStateException("snapshot incomplete: " + fresh.asMap().size() + " of " + keys);
					}
					millis.add((System.nanoTime() - start) / 1e6);
					fresh.stop();
				}
				millis.sort(null);
				double median = millis.get(millis.size() / 2);
				if (point > 0) {
					table.add(new ScaleTable.Point(keys, keys / (median / 1000), median * 1000, Double.NaN, median * 1000 / keys));
				}
			}
		}
		table.write(this.out);
	}

	void writers(long[] points) throws Exception {
		ScaleTable table = new ScaleTable("clone-writers", "Clone updates, maps writing at once (each also a replica)",
				"writing maps", "updates/s", "µs per delivery (updates × maps, wall)", true);
		writeOnce(1, null); // warm-up, not kept
		for (long writers : points) {
			writeOnce(writers, table);
		}
		table.write(this.out);
	}

	private void writeOnce(long writers, ScaleTable table) throws Exception {
		try (Server server = new Server()) {
			List<ZmqCloneMap<String>> maps = new ArrayList<>();
			for (int i = 0; i < writers; i++) {
				maps.add(server.map());
			}
			ZmqCloneMap<String> reader = maps.get(0);
			int each = this.updates / (int) writers;
			long target = reader.getLastSequence() + each * writers;
			long start = System.nanoTime();
			List<Thread> threads = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				ZmqCloneMap<String> map = maps.get(w);
				String prefix = "w" + w + "-";
				Thread t = new Thread(() -> {
					for (int i = 0; i < each; i++) {
						map.set(prefix + (i % 1000), VALUE);
					}
				});
				threads.add(t);
				t.start();
			}
			for (Thread t : threads) {
				t.join();
			}
			awaitSequence(reader, target);
			double seconds = (System.nanoTime() - start) / 1e9;
			long total = each * writers;
			if (table != null) {
				table.add(new ScaleTable.Point(writers, total / seconds, Double.NaN, Double.NaN,
						seconds * 1e6 / (total * writers)));
			}
		}
	}

	void maps(long[] points) throws Exception {
		ScaleTable table = new ScaleTable("clone-maps", "Clone updates delivered, maps subscribed to one writer", "maps",
				"deliveries/s (updates × maps)", "µs per delivery (wall)", true);
		long[] all = new long[points.length + 1];
		all[0] = -1; // a warm-up point of one map, not kept
		System.arraycopy(points, 0, all, 1, points.length);
		for (long point : all) {
			long count = Math.abs(point);
			try (Server server = new Server()) {
				List<ZmqCloneMap<String>> maps = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					maps.add(server.map());
				}
				ZmqCloneMap<String> writer = maps.get(0);
				long target = writer.getLastSequence() + this.updates;
				long start = System.nanoTime();
				for (int i = 0; i < this.updates; i++) {
					writer.set("key-" + (i % 1000), VALUE);
				}
				for (ZmqCloneMap<String> map : maps) {
					awaitSequence(map, target);
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				long deliveries = (long) this.updates * count;
				if (point > 0) {
					table.add(new ScaleTable.Point(count, deliveries / seconds, Double.NaN, Double.NaN, seconds * 1e6 / deliveries));
				}
			}
		}
		table.write(this.out);
	}

	private static void load(ZmqCloneMap<String> writer, int keys) throws InterruptedException {
		long start = System.nanoTime();
		long target = writer.getLastSequence() + keys;
		for (int i = 0; i < keys; i++) {
			writer.set("key-" + i, VALUE);
		}
		awaitSequence(writer, target);
		System.out.printf("clone: loaded %d keys in %.1f s%n", keys, (System.nanoTime() - start) / 1e9);
	}

	private static void awaitSequence(ZmqCloneMap<String> map, long target) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 600_000;
		while (map.getLastSequence() < target) {
			if (System.currentTimeMillis() > deadline) {
				throw new IllegalStateException("sequence " + map.getLastSequence() + " never reached " + target);
			}
			Thread.sleep(1);
		}
	}

	/** A server and the maps of one point; closing stops them all. */
	private static final class Server implements AutoCloseable {

		final ZContext context = RawZmq.context();

		final ZmqSocketFactory factory = new ZmqSocketFactory(this.context, RawZmq.OPTIONS);

		final CloneServer server;

		final CloneEndpoints endpoints;

		final List<ZmqCloneMap<String>> maps = new ArrayList<>();

		Server() {
			this.server = new CloneServer("scaling", this.factory,
					CloneServerConfig.of("tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*"), null,
					Duration.ofSeconds(5));
			this.server.start();
			this.endpoints = new CloneEndpoints(this.server.getSnapshotEndpoint(), this.server.getPublisherEndpoint(),
					this.server.getCollectorEndpoint());
		}

		ZmqCloneMap<String> newMap() {
			ZmqCloneMap<String> map = new ZmqCloneMap<>("scaling", this.factory, List.of(this.endpoints), "", String.class,
					ZmqMessageConverters.defaults(), Duration.ofSeconds(30), Duration.ofSeconds(5), null);
			return map;
		}

		ZmqCloneMap<String> map() {
			ZmqCloneMap<String> map = newMap();
			map.start();
			map.awaitSnapshot(Duration.ofSeconds(30));
			this.maps.add(map);
			return map;
		}

		@Override
		public void close() {
			for (ZmqCloneMap<String> map : this.maps) {
				map.stop();
			}
			this.server.stop();
			this.context.close();
		}

	}

}
