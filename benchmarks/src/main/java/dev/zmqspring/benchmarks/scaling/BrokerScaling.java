package dev.zmqspring.benchmarks.scaling;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.benchmarks.MajordomoSupport;
import dev.zmqspring.benchmarks.RawZmq;
import dev.zmqspring.benchmarks.StarterApp;
import dev.zmqspring.benchmarks.scaling.RawBrokerPeers.Protocol;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.broker.WorkerGauges;
import dev.zmqspring.lifecycle.ZmqManagedComponent;

/**
 * How the starter's brokers scale (Guide ch.3 lbbroker, ch.4 ppqueue and mdbroker): each point
 * starts the broker from properties as an application would ({@code zmq.brokers.bench.*}), attaches
 * raw workers and clients ({@link RawBrokerPeers}), waits until every worker has registered, runs
 * for a warm-up and a measured window, and reports requests per second, the clients' round-trip
 * p50/p99, and the broker thread's CPU time per message it received (requests, replies, heartbeats:
 * the broker's per-message cost, which the Guide's design keeps O(1) in workers, services and
 * clients: a hash lookup and an LRU list) and per request (which also carries the heartbeats, one
 * per worker per interval, so it grows with idle workers by design).
 */
final class BrokerScaling {

	private static final byte[] PAYLOAD = RawZmq.payload(100);

	private static final long HEARTBEAT_MDP = 2500;

	private static final long HEARTBEAT_PP = 1000;

	private final Path out;

	private final double warmupSeconds;

	private final double measureSeconds;

	BrokerScaling(Path out, boolean smoke) {
		this.out = out;
		this.warmupSeconds = smoke ? 0.5 : 1.5;
		this.measureSeconds = smoke ? 1 : 3;
	}

	/** Majordomo: 1 → 1,000 workers of one service, 16 clients. */
	void mdpWorkers(long[] points) throws Exception {
		ScaleTable table = new ScaleTable("mdp-workers", "Majordomo broker, workers of one service (16 clients)", "workers",
				"req/s", "broker thread CPU µs per message received", true).extra("broker thread CPU µs per request");
		for (long workers : points) {
			table.add(point(Protocol.MAJORDOMO, workers, (int) workers, 1, 16));
		}
		table.write(this.out);
	}

	/** Majordomo: 1 → 100 services, one worker each, 16 clients asking them in turn. */
	void mdpServices(long[] points) throws Exception {
		ScaleTable table = new ScaleTable("mdp-services", "Majordomo broker, services (one worker each, 16 clients)",
				"services", "req/s", "broker thread CPU µs per message received", true).extra("broker thread CPU µs per request");
		for (long services : points) {
			table.add(point(Protocol.MAJORDOMO, services, (int) services, (int) services, 16));
		}
		table.write(this.out);
	}

	/** Majordomo: 1 → 1,000 concurrent clients, one request in flight each, 16 workers. */
	void mdpClients(long[] points) throws Exception {
		ScaleTable table = new ScaleTable("mdp-clients", "Majordomo broker, concurrent clients (16 workers)", "clients",
				"req/s", "broker thread CPU µs per message received", true).extra("broker thread CPU µs per request");
		for (long clients : points) {
			table.add(point(Protocol.MAJORDOMO, clients, 16, 1, (int) clients));
		}
		table.write(this.out);
	}

	/** Load-balancing broker or Paranoid Pirate queue: 1 → 1,000 workers, 16 clients. */
	void workers(Protocol protocol, long[] points) throws Exception {
		boolean lb = protocol == Protocol.LOAD_BALANCING;
		ScaleTable table = new ScaleTable(lb ? "lb-workers" : "pp-workers",
				(lb ? "Load-balancing broker" : "Paranoid Pirate queue") + ", workers (16 clients)", "workers", "req/s",
				"broker thread CPU µs per message received", true).extra("broker thread CPU µs per request");
		for (long workers : points) {
			table.add(point(protocol, workers, (int) workers, 1, 16));
		}
		table.write(this.out);
	}

	private ScaleTable.Point point(Protocol protocol, long x, int workers, int services, int clients) throws Exception {
		int front = MajordomoSupport.freePort();
		int back = MajordomoSupport.freePort();
		String frontend = "tcp://127.0.0.1:" + front;
		String backend = (protocol == Protocol.MAJORDOMO) ? frontend : "tcp://127.0.0.1:" + back;
		List<String> properties = new ArrayList<>();
		switch (protocol) {
			case MAJORDOMO -> properties.addAll(List.of("zmq.brokers.bench.type=majordomo",
					"zmq.brokers.bench.endpoint=" + frontend));
			case LOAD_BALANCING -> properties.addAll(List.of("zmq.brokers.bench.type=load-balancing",
					"zmq.brokers.bench.frontend=@" + frontend, "zmq.brokers.bench.backend=@" + backend));
			case PARANOID_PIRATE -> properties.addAll(List.of("zmq.brokers.bench.type=paranoid-pirate",
					"zmq.brokers.bench.frontend=@" + frontend, "zmq.brokers.bench.backend=@" + backend));
		}
		ConfigurableApplicationContext broker = StarterApp.start(StarterApp.AutoConfigured.class,
				properties.toArray(new String[0]));
		try (RawBrokerPeers peers = new RawBrokerPeers()) {
			String[] names = null;
			if (protocol == Protocol.MAJORDOMO) {
				names = new String[services];
				for (int i = 0; i < services; i++) {
					names[i] = "echo-" + i;
				}
			}
			long heartbeat = (protocol == Protocol.PARANOID_PIRATE) ? HEARTBEAT_PP : HEARTBEAT_MDP;
			for (int i = 0; i < workers; i++) {
				peers.worker(protocol, backend, (names != null) ? names[i % services] : null, heartbeat);
			}
			WorkerGauges gauges = broker.getBeansOfType(WorkerGauges.Source.class).values().iterator().next()
				.getWorkerGauges();
			long deadline = System.currentTimeMillis() + 60_000;
			while (gauges.idleWorkers() + gauges.busyWorkers() < workers) {
				if (System.currentTimeMillis() > deadline) {
					throw new IllegalStateException("only " + (gauges.idleWorkers() + gauges.busyWorkers()) + " of "
							+ workers + " workers registered");
				}
				Thread.sleep(20);
			}
			int capacity = Math.max(1024, 400_000 / clients);
			for (int i = 0; i < clients; i++) {
				peers.client(frontend, names, PAYLOAD, capacity);
			}
			Thread.sleep((long) (this.warmupSeconds * 1000));
			peers.recording(true);
			long replies0 = peers.replies();
			long cpu0 = brokerCpuNanos();
			ZmqCounters counters = broker.getBeansOfType(ZmqManagedComponent.class).values().stream()
				.filter((c) -> c instanceof WorkerGauges.Source).findFirst().orElseThrow().getCounters();
			long in0 = counters.getMessagesIn();
			long t0 = System.nanoTime();
			Thread.sleep((long) (this.measureSeconds * 1000));
			long replies = peers.replies() - replies0;
			long cpu = brokerCpuNanos() - cpu0;
			long in = counters.getMessagesIn() - in0;
			double seconds = (System.nanoTime() - t0) / 1e9;
			peers.recording(false);
			double[] p = peers.percentiles();
			return new ScaleTable.Point(x, replies / seconds, p[0], p[1], (in > 0) ? cpu / 1000.0 / in : Double.NaN,
					(replies > 0) ? cpu / 1000.0 / replies : Double.NaN);
		}
		finally {
			broker.close();
		}
	}

	/** CPU time of the broker's actor thread(s): {@code zmq-*bench*}. */
	static long brokerCpuNanos() {
		ThreadMXBean mx = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			String name = thread.getName();
			if (name.startsWith("zmq-") && name.contains("bench")) {
				long cpu = mx.getThreadCpuTime(thread.getId());
				if (cpu > 0) {
					total += cpu;
				}
			}
		}
		return total;
	}

}
