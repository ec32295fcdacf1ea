package dev.zmqspring.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Majordomo echo in one JVM (Guide ch.4): the starter's broker, an {@code @ZmqWorker(service =
 * "echo")} worker and the {@code MajordomoClient}, requests per second, 100-byte bodies over tcp
 * loopback. {@code sync}: one request at a time (mdclient). {@code async}: {@value #PIPELINE}
 * requests in flight, then all replies (mdclient2). There is no raw JeroMQ twin in this JVM: the
 * comparison is with the Guide's reference Java Majordomo, measured as three processes by
 * {@code run.sh} (see BENCHMARKS.md), and with this starter as three processes
 * ({@link MajordomoProcesses}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class MajordomoBenchmark {

	static final int PIPELINE = 100;

	@Param({ "100" })
	public int size;

	private ConfigurableApplicationContext broker;

	private ConfigurableApplicationContext worker;

	private ConfigurableApplicationContext client;

	private MajordomoSupport majordomo;

	private byte[] payload;

	@SuppressWarnings("unchecked")
	private final CompletableFuture<byte[]>[] inFlight = new CompletableFuture[PIPELINE];

	@Setup(Level.Trial)
	public void open() throws Exception {
		int port = MajordomoSupport.freePort();
		this.broker = StarterApp.start(StarterApp.AutoConfigured.class, MajordomoSupport.brokerProperties(port));
		this.worker = StarterApp.start(MajordomoSupport.WorkerApp.class, MajordomoSupport.clientProperty(port));
		this.client = StarterApp.start(StarterApp.AutoConfigured.class, MajordomoSupport.clientProperty(port));
		this.majordomo = MajordomoSupport.client(this.client);
		this.payload = RawZmq.payload(this.size);
		// the worker registers asynchronously: the first request waits for it (client timeout + retries)
		this.majordomo.request(this.payload);
	}

	@TearDown(Level.Trial)
	public void close() {
		for (ConfigurableApplicationContext application : new ConfigurableApplicationContext[] { this.client, this.worker,
				this.broker }) {
			if (application != null) {
				application.close();
			}
		}
	}

	@Benchmark
	public byte[] majordomoSync() {
		return this.majordomo.request(this.payload);
	}

	@Benchmark
	@OperationsPerInvocation(PIPELINE)
	public int majordomoAsync() {
		for (int i = 0; i < PIPELINE; i++) {
			this.inFlight[i] = this.majordomo.requestAsync(this.payload);
		}
		int bytes = 0;
		for (int i = 0; i < PIPELINE; i++) {
			bytes += this.inFlight[i].join().length;
		}
		return bytes;
	}

}
