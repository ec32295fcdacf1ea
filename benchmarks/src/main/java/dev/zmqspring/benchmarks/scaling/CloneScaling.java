package dev.zmqspring.benchmarks.scaling;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.benchmarks.RawCloneServer;
import dev.zmqspring.benchmarks.RawZmq;
import dev.zmqspring.clone.CloneEndpoints;
import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.clone.CloneServerConfig;
import dev.zmqspring.clone.ZmqCloneMap;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Clone (Guide ch.5 "Reliable Pub-Sub (Clone Pattern)") as it grows, tcp loopback, 100-byte values:
 * the time a new {@link ZmqCloneMap} takes to get a snapshot of 10k to 1M keys, beside a raw JeroMQ
 * client's snapshot from {@link RawCloneServer} (the second cost; both sides' GC time is printed);
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
				"snapshot µs per key", true)
			.extra("raw JeroMQ client's snapshot µs per key (RawCloneServer, the Guide's clonecli work)");
		long[] all = new long[points.length + 1];
		all[0] = -Math.min(points[0], 10_000); // a warm-up point, not kept
		System.arraycopy(points, 0, all, 1, points.length);
		for (long point : all) {
			long keys = Math.abs(point);
			try (Server server = new Server(); RawSide raw = new RawSide()) {
				load(server.map(), (int) keys);
				raw.load((int) keys);
				// starter and raw alternate (s r r s s r): both servers stay loaded, so noise in bursts hits both
				int rounds = (keys >= 1_000_000) ? 3 : 5;
				List<Double> starter = new ArrayList<>();
				List<Double> rawMillis = new ArrayList<>();
				long[] gc = new long[2];
				for (int r = 0; r < rounds; r++) {
					for (int side : (r % 2 == 0) ? new int[] { 0, 1 } : new int[] { 1, 0 }) {
						long gcBefore = gcMillis();
						long nanos = (side == 0) ? server.snapshot(keys) : raw.snapshot(keys);
						((side == 0) ? starter : rawMillis).add(nanos / 1e6);
						gc[side] += gcMillis() - gcBefore;
					}
				}
				starter.sort(null);
				rawMillis.sort(null);
				double median = starter.get(starter.size() / 2);
				double rawMedian = rawMillis.get(rawMillis.size() / 2);
				System.out.printf(Locale.ROOT,
						"clone-snapshot keys=%d starter=%.1f ms (%.2f us/key, GC %.1f ms per snapshot) raw=%.1f ms (%.2f us/key, GC %.1f ms per snapshot) starter/raw=%.2f%n",
						keys, median, median * 1000 / keys, gc[0] / (double) rounds, rawMedian, rawMedian * 1000 / keys,
						gc[1] / (double) rounds, median / rawMedian);
				if (point > 0) {
					table.add(new ScaleTable.Point(keys, keys / (median / 1000), median * 1000, Double.NaN, median * 1000 / keys,
							rawMedian * 1000 / keys));
				}
			}
		}
		table.write(this.out);
	}

	/** Milliseconds all the JVM's collectors spent so far. */
	private static long gcMillis() {
		long total = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			total += Math.max(0, gc.getCollectionTime());
		}
		return total;
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

		/** A new map's snapshot: the nanoseconds from its start to its snapshot applied (its stop not counted). */
		long snapshot(long keys) {
			ZmqCloneMap<String> fresh = newMap();
			long start = System.nanoTime();
			fresh.start();
			if (!fresh.awaitSnapshot(Duration.ofMinutes(5)) || fresh.asMap().size() < keys) {
				throw new IllegalStateException("snapshot incomplete: " + fresh.asMap().size() + " of " + keys);
			}
			long nanos = System.nanoTime() - start;
			fresh.stop();
			return nanos;
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

	/**
	 * The raw side of the snapshot series, as {@code CloneBenchmark}'s: {@link RawCloneServer} loaded
	 * by a raw XPUB, and a raw client doing the Guide's clonecli work (SUB and PUB connected, then
	 * ICANHAZ? on a DEALER and every kvmsg stored by key until KTHXBAI).
	 */
	private static final class RawSide implements AutoCloseable {

		final ZContext context = RawZmq.context();

		final RawCloneServer server;

		RawSide() throws InterruptedException {
			this.server = new RawCloneServer(this.context);
		}

		ZMQ.Socket socket(SocketType type) {
			return RawCloneServer.socket(this.context, type);
		}

		void load(int keys) {
			long start = System.nanoTime();
			ZMQ.Socket updates = socket(SocketType.XPUB);
			updates.connect(this.server.collector);
			updates.recv(0); // the collector's subscription
			ZMQ.Socket subscriber = socket(SocketType.SUB);
			subscriber.subscribe(ZMQ.SUBSCRIPTION_ALL);
			subscriber.connect(this.server.publisher);
			subscriber.setReceiveTimeOut(100);
			byte[] value = VALUE.getBytes(StandardCharsets.UTF_8);
			while (true) { // until the subscription is in place
				send(updates, "warm", value);
				if (subscriber.recv(0) != null) {
					while (subscriber.recv(ZMQ.DONTWAIT) != null) {
						// the rest of the warm-up frames
					}
					break;
				}
			}
			subscriber.setReceiveTimeOut(-1);
			for (int i = 0; i < keys; i++) {
				send(updates, "key-" + i, value);
			}
			for (int seen = 0; seen < keys;) {
				byte[] key = subscriber.recv(0);
				while (subscriber.hasReceiveMore()) {
					subscriber.recv(0);
				}
				if (new String(key, StandardCharsets.UTF_8).startsWith("key-")) {
					seen++;
				}
			}
			updates.close();
			subscriber.close();
			System.out.printf("clone raw: loaded %d keys in %.1f s%n", keys, (System.nanoTime() - start) / 1e9);
		}

		private static void send(ZMQ.Socket socket, String key, byte[] value) {
			byte[] uuid = ByteBuffer.allocate(16).putLong(UUID.randomUUID().getMostSignificantBits()).putLong(1).array();
			RawCloneServer.send(socket, new byte[][] { key.getBytes(StandardCharsets.UTF_8), new byte[8], uuid, new byte[0], value });
		}

		/** A raw client's snapshot: the nanoseconds from its first socket to KTHXBAI (its close not counted). */
		long snapshot(long keys) {
			RawCloneServer.Snapshot snapshot = this.server.clientSnapshot(this.context);
			if (snapshot.keys() < keys) {
				throw new IllegalStateException("raw snapshot incomplete: " + snapshot.keys() + " of " + keys);
			}
			return snapshot.nanos();
		}

		@Override
		public void close() throws InterruptedException {
			this.server.close();
			this.context.close();
		}

	}

}
