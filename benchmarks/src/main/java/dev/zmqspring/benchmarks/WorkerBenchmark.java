package dev.zmqspring.benchmarks;

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
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * A PULL {@code @ZmqWorker} against a raw PULL {@code recv} loop (Guide ch.1 "Divide and Conquer"
 * worker), messages per second received, 100-byte messages over tcp loopback. The sender is the
 * same raw PUSH on the benchmark thread for both, bound on its own context; the receiver connects
 * from its own context (the application's for the starter, a raw one for the loop), so both runs
 * have the same two contexts and I/O threads. {@link Window} paces the sender by real delivery.
 *
 * <p>{@code byte[]} handler: the body as received. {@code String} handler: the body decoded as UTF-8;
 * the raw loop decodes too ({@code new String(body, UTF_8)}), so the work is identical.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WorkerBenchmark {

	/** What the benchmarks share: the sender and its context. */
	@State(Scope.Thread)
	public abstract static class Pipeline {

		@Param({ "100" })
		public int size;

		ZContext senderContext;

		ZMQ.Socket push;

		byte[] payload;

		ConfigurableApplicationContext application;

		ZContext receiverContext;

		RawReceiver loop;

		Window window;

		void openSender() {
			this.senderContext = RawZmq.context();
			this.push = RawZmq.socket(this.senderContext, SocketType.PUSH);
			this.payload = RawZmq.payload(this.size);
		}

		String senderEndpoint() {
			return RawZmq.bind(this.push, "tcp://127.0.0.1:*");
		}

		void openStarter(Class<?> app, Class<? extends CountingHandler> handler) {
			openSender();
			String endpoint = senderEndpoint();
			this.application = StarterApp.start(app, "bench.endpoint=>" + endpoint);
			start(this.application.getBean(handler).arrivals, "@ZmqWorker(type = PULL)");
		}

		void openRaw(RawReceiver.Mode mode) {
			openSender();
			String endpoint = senderEndpoint();
			this.receiverContext = RawZmq.context();
			this.loop = new RawReceiver(this.receiverContext, SocketType.PULL, ">" + endpoint, mode, this.size);
			this.loop.endpoint();
			start(this.loop.arrivals(), "raw PULL loop");
		}

		private void start(Arrivals arrivals, String what) {
			Window.handshake(arrivals, () -> this.push.send(this.payload, ZMQ.DONTWAIT), what);
			this.window = new Window(arrivals);
		}

		void sendBatch() {
			for (int i = 0; i < Window.BATCH; i++) {
				this.push.send(this.payload, 0);
			}
			this.window.batchSent();
		}

		@TearDown(Level.Iteration)
		public void settle() {
			if (this.window != null) {
				this.window.drain();
			}
		}

		@TearDown(Level.Trial)
		public void close() {
			if (this.loop != null) {
				this.loop.close();
				this.receiverContext.close();
			}
			if (this.application != null) {
				this.application.close();
			}
			if (this.push != null) {
				this.push.close();
			}
			this.senderContext.close();
		}

	}

	/** Starter, {@code byte[]} handler. */
	public static class StarterBytes extends Pipeline {

		@Setup(Level.Trial)
		public void open() {
			openStarter(BytesApp.class, BytesHandler.class);
		}

	}

	/** Starter, {@code String} handler. */
	public static class StarterString extends Pipeline {

		@Setup(Level.Trial)
		public void open() {
			openStarter(StringApp.class, StringHandler.class);
		}

	}

	/** Raw loop, {@code byte[]} body. */
	public static class RawBytes extends Pipeline {

		@Setup(Level.Trial)
		public void open() {
			openRaw(RawReceiver.Mode.BYTES);
		}

	}

	/** Raw loop, body decoded to {@code String}. */
	public static class RawString extends Pipeline {

		@Setup(Level.Trial)
		public void open() {
			openRaw(RawReceiver.Mode.STRING);
		}

	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void starterPullWorkerBytes(StarterBytes pipeline) {
		pipeline.sendBatch();
	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void rawPullWorkerBytes(RawBytes pipeline) {
		pipeline.sendBatch();
	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void starterPullWorkerString(StarterString pipeline) {
		pipeline.sendBatch();
	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void rawPullWorkerString(RawString pipeline) {
		pipeline.sendBatch();
	}

	/** A handler bean that counts what it receives, exactly as the raw loop does. */
	public abstract static class CountingHandler {

		final Arrivals arrivals = new Arrivals();

	}

	/** The {@code byte[]} worker. */
	public static class BytesHandler extends CountingHandler {

		@ZmqWorker(id = "bench-pull-bytes", endpoints = "${bench.endpoint}", type = SocketType.PULL)
		public void onMessage(byte[] body) {
			this.arrivals.arrived(body.length);
		}

	}

	/** The {@code String} worker. */
	public static class StringHandler extends CountingHandler {

		@ZmqWorker(id = "bench-pull-string", endpoints = "${bench.endpoint}", type = SocketType.PULL)
		public void onMessage(String body) {
			this.arrivals.arrived(body.length());
		}

	}

	/** Application with the {@code byte[]} worker. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(BytesHandler.class)
	public static class BytesApp {

	}

	/** Application with the {@code String} worker. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(StringHandler.class)
	public static class StringApp {

	}

}
