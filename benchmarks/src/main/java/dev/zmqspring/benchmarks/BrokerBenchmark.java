package dev.zmqspring.benchmarks;

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

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.core.ZmqTemplate;

/**
 * Request-reply through the starter's property-declared brokers in one JVM, requests per second,
 * 100-byte bodies over tcp loopback: {@code ZmqTemplate.request} (Lazy Pirate client, Guide ch.4)
 * → the broker's frontend → one {@code @ZmqWorker} speaking the broker's worker protocol on the
 * backend → back. {@code load-balancing}: Guide ch.3 lbbroker with a REQ worker announcing READY;
 * {@code paranoid-pirate}: Guide ch.4 ppqueue with a heartbeating DEALER worker (spec 6/PPP). One
 * request at a time, so the number is the inverse of a round trip through four tcp hops. Like
 * {@link MajordomoBenchmark} there is no raw twin in the same JVM (the issue sets no target for
 * these brokers); it shows what the brokers cost and catches regressions.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class BrokerBenchmark {

	/** The broker type ({@code zmq.brokers.<name>.type}) and the worker protocol of the same name. */
	@Param({ "load-balancing", "paranoid-pirate" })
	public String broker;

	@Param({ "100" })
	public int size;

	/**
	 * Whether a Binary Star pair gates the broker ({@code zmq.brokers.<name>.binary-star}): a primary
	 * whose backup never answers serves, so every request pays the gate. Only {@code false} in the
	 * standard run; {@code -p binaryStar=false,true} measures the gate's cost.
	 */
	@Param({ "false" })
	public boolean binaryStar;

	private ConfigurableApplicationContext brokerApp;

	private ConfigurableApplicationContext workerApp;

	private ZmqTemplate template;

	private String frontend;

	private byte[] payload;

	@Setup(Level.Trial)
	public void open() throws Exception {
		int frontendPort = MajordomoSupport.freePort();
		int backendPort = MajordomoSupport.freePort();
		this.frontend = "tcp://127.0.0.1:" + frontendPort;
		java.util.List<String> properties = new java.util.ArrayList<>(java.util.List.of("zmq.brokers.bench.type=" + this.broker,
				"zmq.brokers.bench.frontend=@" + this.frontend, "zmq.brokers.bench.backend=@tcp://127.0.0.1:" + backendPort));
		if (this.binaryStar) {
			properties.addAll(java.util.List.of("zmq.brokers.bench.binary-star=true", "zmq.binary-star.role=primary",
					"zmq.binary-star.local=tcp://127.0.0.1:" + MajordomoSupport.freePort(),
					"zmq.binary-star.remote=tcp://127.0.0.1:" + MajordomoSupport.freePort()));
		}
		this.brokerApp = StarterApp.start(StarterApp.AutoConfigured.class, properties.toArray(new String[0]));
		this.workerApp = StarterApp.start(WorkerApp.class, "bench.backend=tcp://127.0.0.1:" + backendPort,
				"bench.protocol=" + this.broker);
		this.template = this.brokerApp.getBean(ZmqTemplate.class);
		this.payload = RawZmq.payload(this.size);
		// the worker announces itself asynchronously: the first request waits for it (timeout + retries)
		request();
	}

	@TearDown(Level.Trial)
	public void close() {
		this.template.releaseThreadSockets();
		this.workerApp.close();
		this.brokerApp.close();
	}

	@Benchmark
	public byte[] request() {
		return this.template.request(this.frontend, this.payload, byte[].class);
	}

	/** The echo worker: its protocol and backend come from the benchmark's properties. */
	public static class EchoWorker {

		@ZmqWorker(id = "bench-broker-worker", endpoints = "${bench.backend}", protocol = "${bench.protocol}")
		public byte[] echo(byte[] request) {
			return request;
		}

	}

	/** The worker's application. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoWorker.class)
	public static class WorkerApp {

	}

}
