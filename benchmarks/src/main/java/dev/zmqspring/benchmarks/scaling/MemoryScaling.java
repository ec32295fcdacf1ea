package dev.zmqspring.benchmarks.scaling;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.benchmarks.MajordomoSupport;
import dev.zmqspring.benchmarks.StarterApp;

/**
 * Memory as an application grows (run with a fixed, pre-touched heap so that the resident set
 * changes only with native memory: thread stacks, JeroMQ's buffers, metaspace). Per connection: a
 * Majordomo broker's ROUTER holding 100 to 5,000 idle connections from libzmq DEALERs in another
 * process (python3-zmq), resident set and live heap against the same broker without them. Per
 * component: each component started as an application of its own from properties, in turn, kept
 * running, and the growth of resident set and live heap it brought; the first line is an
 * application with the auto-configuration only, so the others' share of one more Spring context
 * and {@code ZContext} is visible.
 */
final class MemoryScaling {

	private static final String PYTHON_PEERS = String.join("\n", "import sys, zmq",
			"args = dict(a[2:].split('=', 1) for a in sys.argv[1:])", "n = int(args['connections'])",
			"ctx = zmq.Context()", "ctx.set(zmq.MAX_SOCKETS, n + 16)", "socks = []", "for i in range(n):",
			"    s = ctx.socket(zmq.DEALER)", "    s.setsockopt(zmq.LINGER, 0)", "    s.connect(args['endpoint'])",
			"    socks.append(s)", "print('connected', flush=True)", "sys.stdin.readline()",
			"for s in socks:", "    s.close()", "ctx.term()");

	private final Path out;

	private final boolean smoke;

	MemoryScaling(Path out, boolean smoke) {
		this.out = out;
		this.smoke = smoke;
	}

	void run() throws Exception {
		StringBuilder md = new StringBuilder();
		md.append("| held connections (one Majordomo broker) | resident set | live heap | per connection: resident / heap |\n");
		md.append("| ---: | ---: | ---: | ---: |\n");
		int port = MajordomoSupport.freePort();
		String endpoint = "tcp://127.0.0.1:" + port;
		ConfigurableApplicationContext broker = StarterApp.start(StarterApp.AutoConfigured.class,
				"zmq.brokers.mem.type=majordomo", "zmq.brokers.mem.endpoint=" + endpoint);
		try {
			double[] base = settle();
			md.append(row("0", base, null, 0));
			long[] points = this.smoke ? new long[] { 100, 1000 } : new long[] { 100, 1000, 5000 };
			for (long n : points) {
				Process peers = new ProcessBuilder("/usr/bin/python3", "-c", PYTHON_PEERS, "--connections=" + n,
						"--endpoint=" + endpoint).redirectErrorStream(true).start();
				try {
					BufferedReader reader = new BufferedReader(new InputStreamReader(peers.getInputStream(), StandardCharsets.UTF_8));
					String line = reader.readLine();
					if (!"connected".equals(line)) {
						throw new IllegalStateException("python peers: " + line);
					}
					awaitFds(base[2] + n);
					double[] now = settle();
					md.append(row(String.format(Locale.ROOT, "%,d", n), now, base, n));
				}
				finally {
					try (OutputStream stdin = peers.getOutputStream()) {
						stdin.write('\n');
					}
					catch (IOException ex) {
						// already gone
					}
					if (!peers.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
						peers.destroyForcibly();
					}
				}
			}
		}
		finally {
			broker.close();
		}
		md.append("\n| component (an application of its own, kept running) | resident set growth | live heap growth |\n");
		md.append("| --- | ---: | ---: |\n");
		List<ConfigurableApplicationContext> apps = new ArrayList<>();
		try {
			double[] before = settle();
			String[][] components = {
					{ "application with the auto-configuration only" },
					{ "Majordomo broker", "zmq.brokers.c.type=majordomo", "zmq.brokers.c.endpoint=tcp://127.0.0.1:*" },
					{ "load-balancing broker", "zmq.brokers.c.type=load-balancing", "zmq.brokers.c.frontend=@tcp://127.0.0.1:*",
							"zmq.brokers.c.backend=@tcp://127.0.0.1:*" },
					{ "Paranoid Pirate queue", "zmq.brokers.c.type=paranoid-pirate", "zmq.brokers.c.frontend=@tcp://127.0.0.1:*",
							"zmq.brokers.c.backend=@tcp://127.0.0.1:*" },
					{ "forwarder proxy", "zmq.proxies.c.type=forwarder", "zmq.proxies.c.frontend=@tcp://127.0.0.1:*",
							"zmq.proxies.c.backend=@tcp://127.0.0.1:*" },
					{ "last value cache (empty)", "zmq.proxies.c.type=last-value-cache",
							"zmq.proxies.c.frontend=@tcp://127.0.0.1:*", "zmq.proxies.c.backend=@tcp://127.0.0.1:*" } };
			for (String[] component : components) {
				String[] properties = java.util.Arrays.copyOfRange(component, 1, component.length);
				apps.add(StarterApp.start(StarterApp.AutoConfigured.class, properties));
				double[] after = settle();
				md.append(String.format(Locale.ROOT, "| %s | %.1f MB | %.1f MB |%n", component[0], after[0] - before[0],
						after[1] - before[1]));
				before = after;
			}
		}
		finally {
			for (ConfigurableApplicationContext app : apps) {
				app.close();
			}
		}
		Files.createDirectories(this.out);
		Files.writeString(this.out.resolve("memory.md"), md);
		System.out.print(md);
	}

	private static String row(String label, double[] now, double[] base, long n) {
		String per = (base == null) ? "—"
				: String.format(Locale.ROOT, "%.1f KB / %.1f KB", (now[0] - base[0]) * 1024 / n, (now[1] - base[1]) * 1024 / n);
		return String.format(Locale.ROOT, "| %s | %.1f MB | %.1f MB | %s |%n", label, now[0], now[1], per);
	}

	/** Resident set (MB), live heap after a full collection (MB), open file descriptors. */
	private static double[] settle() throws Exception {
		Thread.sleep(1000);
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
		return new double[] { rssMegabytes(), heap, fds() };
	}

	private static void awaitFds(double target) throws Exception {
		long deadline = System.currentTimeMillis() + 60_000;
		while (fds() < target && System.currentTimeMillis() < deadline) {
			Thread.sleep(100);
		}
	}

	private static long fds() throws IOException {
		try (var list = Files.list(Path.of("/proc/self/fd"))) {
			return list.count();
		}
	}

	private static double rssMegabytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
			}
		}
		return Double.NaN;
	}

}
