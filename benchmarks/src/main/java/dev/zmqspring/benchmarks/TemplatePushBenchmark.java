package dev.zmqspring.benchmarks;

import java.time.Duration;
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
import org.openjdk.jmh.annotations.Threads;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.core.ZmqTemplate;

/**
 * {@code ZmqTemplate.push} against a raw JeroMQ PUSH {@code send} (Guide ch.1 "Divide and
 * Conquer"), messages per second. Both senders feed the same raw PULL drain loop
 * ({@link RawReceiver.Mode#DRAIN}) bound on the sender's own context, so each measurement runs one
 * context with one I/O thread; backpressure at the high-water mark (1000) keeps the sender at the
 * speed of real delivery.
 *
 * <p>{@code push1Thread*}: one sending thread, 100-byte messages. {@code push4Threads*}: four threads
 * sending at once; through the template each thread gets its own PUSH socket, exactly as the raw
 * side opens one socket per thread. The template's endpoint text is the connect address of the
 * drain, as a user would write it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TemplatePushBenchmark {

	/** The sink and the context shared by every sending thread of a trial. */
	@State(Scope.Benchmark)
	public static class Sink {

		@Param({ "tcp", "inproc" })
		public String transport;

		@Param({ "100" })
		public int size;

		ConfigurableApplicationContext application;

		ZmqTemplate template;

		ZContext context;

		RawReceiver drain;

		String endpoint;

		byte[] payload;

		void open(boolean starter) {
			if (starter) {
				this.application = StarterApp.start(App.class);
				this.template = this.application.getBean(ZmqTemplate.class);
				this.context = this.application.getBean(ZContext.class);
			}
			else {
				this.context = RawZmq.context();
			}
			this.drain = new RawReceiver(this.context, SocketType.PULL,
					"@" + RawZmq.bindAddress(this.transport, "push"), RawReceiver.Mode.DRAIN, this.size);
			this.endpoint = this.drain.endpoint();
			this.payload = RawZmq.payload(this.size);
		}

		@TearDown(Level.Iteration)
		public void settle() {
			this.drain.arrivals().awaitQuiet(Duration.ofMillis(50));
		}

		@TearDown(Level.Trial)
		public void close() {
			if (this.application != null) {
				// the drain closes its own socket; the application closes the template, then the context
				this.drain.close();
				this.application.close();
			}
			else {
				this.drain.close();
				this.context.close();
			}
		}

	}

	/** The starter side: the auto-configured template. */
	@State(Scope.Benchmark)
	public static class StarterSink extends Sink {

		@Setup(Level.Trial)
		public void open() {
			open(true);
		}

	}

	/** The raw side: a raw context. */
	@State(Scope.Benchmark)
	public static class RawSink extends Sink {

		@Setup(Level.Trial)
		public void open() {
			open(false);
		}

	}

	/** One raw PUSH socket per sending thread, created and closed by that thread. */
	@State(Scope.Thread)
	public static class RawPush {

		ZMQ.Socket socket;

		@Setup(Level.Trial)
		public void open(RawSink sink) {
			this.socket = RawZmq.socket(sink.context, SocketType.PUSH);
			this.socket.connect(sink.endpoint);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.socket.close();
		}

	}

	/** Releases the template's per-thread socket on the thread that used it. */
	@State(Scope.Thread)
	public static class StarterThread {

		ZmqTemplate template;

		@Setup(Level.Trial)
		public void open(StarterSink sink) {
			this.template = sink.template;
		}

		@TearDown(Level.Trial)
		public void close() {
			this.template.releaseThreadSockets();
		}

	}

	@Benchmark
	public void starterPush1Thread(StarterSink sink, StarterThread thread) {
		thread.template.push(sink.endpoint, sink.payload);
	}

	@Benchmark
	public boolean rawPush1Thread(RawSink sink, RawPush push) {
		return push.socket.send(sink.payload, 0);
	}

	@Benchmark
	@Threads(4)
	public void starterPush4Threads(StarterSink sink, StarterThread thread) {
		thread.template.push(sink.endpoint, sink.payload);
	}

	@Benchmark
	@Threads(4)
	public boolean rawPush4Threads(RawSink sink, RawPush push) {
		return push.socket.send(sink.payload, 0);
	}

	/** The starter application: auto-configuration only. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class App {

	}

}
