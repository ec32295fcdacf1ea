package dev.zmqspring.benchmarks.scaling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.zeromq.ZContext;

import dev.zmqspring.benchmarks.RawZmq;
import dev.zmqspring.majordomo.titanic.Titanic;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Titanic's restart (Guide ch.4 "Disconnected Reliability"): a store holding N requests without a
 * reply, written in Titanic's file format (not forced to disk, to build it quickly), then the time
 * {@link Titanic#start} takes to open it — the temporary-file and expiry pass, the list of pending
 * requests oldest first, and each request queued for its service. The broker is absent, so nothing
 * is dispatched and the store is not changed; page cache warm (the files were just written). Writing
 * and deleting a million files dominates the series' time (about 1 and 9 minutes on a shared disk).
 */
final class TitanicRecovery {

	private static final byte[] MAGIC = { 'T', 'S', 'P', '1' };

	private final Path out;

	private final Path root;

	TitanicRecovery(Path out, boolean smoke) {
		this.out = out;
		this.root = Path.of(System.getProperty("java.io.tmpdir"), "zmq-spring-scaling-titanic");
	}

	void run(long[] points) throws Exception {
		ScaleTable table = new ScaleTable("titanic-recovery", "Titanic restart with stored requests", "stored requests",
				"requests/s recovered", "start time µs per stored request", true);
		long seed = Long.getLong("scaling.seed", 34);
		System.out.println("titanic: seed " + seed);
		Random random = new Random(seed);
		try {
			// a small store first, so that the first point does not pay the JIT's warm-up
			warmUp(random);
			for (long n : points) {
				Path dir = this.root.resolve(Long.toString(n));
				deleteAll(dir);
				Files.createDirectories(dir);
				long written = System.nanoTime();
				byte[] body = new byte[100];
				for (long i = 0; i < n; i++) {
					random.nextBytes(body);
					write(dir.resolve(id(random) + ".request"), List.of("echo".getBytes(StandardCharsets.UTF_8), body));
				}
				System.out.printf("titanic: wrote %d requests in %.1f s%n", n, (System.nanoTime() - written) / 1e9);
				double millis = startOnce(dir, n);
				table.add(new ScaleTable.Point(n, n / (millis / 1000), Double.NaN, Double.NaN, millis * 1000 / n));
				table.write(this.out); // kept even if the deletion below is stopped: 1M files take minutes to unlink
				deleteAll(dir);
			}
		}
		finally {
			deleteAll(this.root);
		}
		table.write(this.out);
	}

	private void warmUp(Random random) throws Exception {
		Path dir = this.root.resolve("warm-up");
		deleteAll(dir);
		Files.createDirectories(dir);
		for (int i = 0; i < 2000; i++) {
			write(dir.resolve(id(random) + ".request"), List.of("echo".getBytes(StandardCharsets.UTF_8), new byte[100]));
		}
		for (int i = 0; i < 3; i++) {
			startOnce(dir, 2000);
		}
		deleteAll(dir);
	}

	private static double startOnce(Path dir, long n) {
		try (ZContext context = RawZmq.context()) {
			ZmqSocketFactory factory = new ZmqSocketFactory(context, RawZmq.OPTIONS);
			Titanic titanic = new Titanic("scaling", factory, dir, List.of(ZmqEndpoint.connect("inproc://no-broker")),
					Duration.ofMillis(2500), 3);
			long start = System.nanoTime();
			titanic.start(Duration.ofMinutes(10));
			double millis = (System.nanoTime() - start) / 1e6;
			Object pending = titanic.getDetails().get("pendingRequests");
			if (!Long.valueOf(n).equals(((Number) pending).longValue())) {
				throw new IllegalStateException("Titanic resumed " + pending + " of " + n + " requests");
			}
			titanic.stop(Duration.ofSeconds(10));
			return millis;
		}
	}

	private static String id(Random random) {
		return String.format("%016x%016x", random.nextLong(), random.nextLong());
	}

	private static void write(Path file, List<byte[]> frames) throws IOException {
		int size = MAGIC.length + 4;
		for (byte[] frame : frames) {
			size += 4 + frame.length;
		}
		ByteBuffer buffer = ByteBuffer.allocate(size).put(MAGIC).putInt(frames.size());
		for (byte[] frame : frames) {
			buffer.putInt(frame.length).put(frame);
		}
		Files.write(file, buffer.array());
	}

	private static void deleteAll(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (var walk = Files.walk(dir)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

}
