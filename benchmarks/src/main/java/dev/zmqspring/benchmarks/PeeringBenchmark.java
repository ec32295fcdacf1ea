package dev.zmqspring.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.core.ZmqTemplate;

/**
 * Broker peering (Guide ch.3 inter-broker routing), requests per second, 100-byte bodies over tcp
 * loopback, one request at a time: two peered load-balancing brokers, one echo
 * {@code @ZmqWorker} on broker {@code b}. {@code route=local}: the client asks {@code b} (four tcp
 * hops, the same exchange as {@link BrokerBenchmark}); {@code route=cloud}: the client asks
 * {@code a}, which has no worker and sends the request over the cloud to {@code b} (six hops). The
 * local route is the twin in the same run: the difference is what the cloud hop costs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class PeeringBenchmark {

	@Param({ "local", "cloud" })
	public String route;

	@Param({ "100" })
	public int size;

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	private ZmqTemplate template;

	private String frontend;

	private byte[] payload;

	@Setup(Level.Trial)
	public void open() throws Exception {
		int[] a = { MajordomoSupport.freePort(), MajordomoSupport.freePort(), MajordomoSupport.freePort(),
				MajordomoSupport.freePort() };
		int[] b = { MajordomoSupport.freePort(), MajordomoSupport.freePort(), MajordomoSupport.freePort(),
				MajordomoSupport.freePort() };
		this.apps.add(StarterApp.start(StarterApp.AutoConfigured.class, broker("a", a, "b", b)));
		this.apps.add(StarterApp.start(StarterApp.AutoConfigured.class, broker("b", b, "a", a)));
		this.apps.add(StarterApp.start(BrokerBenchmark.WorkerApp.class, "bench.backend=tcp://127.0.0.1:" + b[1],
				"bench.protocol=load-balancing"));
		this.template = this.apps.get(0).getBean(ZmqTemplate.class);
		this.frontend = "tcp://127.0.0.1:" + (this.route.equals("cloud") ? a[0] : b[0]);
		this.payload = RawZmq.payload(this.size);
		ZmqBroker first = this.apps.get(0).getBean(ZmqBroker.class);
		while (first.getPeers().getOrDefault("b", 0) == 0) {
			Thread.onSpinWait(); // b's first announcement of its worker
		}
		request();
	}

	private static String[] broker(String name, int[] own, String peer, int[] theirs) {
		String p = "zmq.brokers." + name;
		return new String[] { p + ".type=load-balancing", p + ".frontend=@tcp://127.0.0.1:" + own[0],
				p + ".backend=@tcp://127.0.0.1:" + own[1], p + ".state-endpoint=@tcp://127.0.0.1:" + own[2],
				p + ".cloud-endpoint=@tcp://127.0.0.1:" + own[3], p + ".state-interval=200ms",
				p + ".peers." + peer + ".state=tcp://127.0.0.1:" + theirs[2],
				p + ".peers." + peer + ".cloud=tcp://127.0.0.1:" + theirs[3] };
	}

	@TearDown(Level.Trial)
	public void close() {
		this.template.releaseThreadSockets();
		for (int i = this.apps.size() - 1; i >= 0; i--) {
			this.apps.get(i).close();
		}
	}

	@Benchmark
	public byte[] request() {
		return this.template.request(this.frontend, this.payload, byte[].class);
	}

}
