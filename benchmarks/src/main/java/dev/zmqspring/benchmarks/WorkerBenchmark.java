package dev.zmqspring.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
 * worker), messages per second received, 100-byte messages over tcp loopback. Each side has its own
 * raw PUSH sender (driven by the benchmark thread) bound on its own context; the receiver connects
 * from another context (the application's for the starter, a raw one for the loop), so both sides
 * have the same two contexts and I/O threads. {@link Window} paces the sender by real delivery. Both
 * sides live in the same JVM and alternate by iteration ({@link Alternation}).
 *
 * <p>{@code byte[]} handler: the body as received. {@code String} handler: the body decoded as UTF-8;
 * the raw loop decodes too ({@code new String(body, UTF_8)}), so the work is identical.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WorkerBenchmark {

	/** One side: a PUSH sender and the receiver under test. */
	static final class Pipeline implements SidePair.Side {

		final ZContext senderContext = RawZmq.context();

		final ZMQ.Socket push;

		final byte[] payload;

		ConfigurableApplicationContext application;

		ZContext receiverContext;

		RawReceiver loop;

		Window window;

		Pipeline(int size) {
			this.push = RawZmq.socket(this.senderContext, SocketType.PUSH);
			this.payload = RawZmq.payload(size);
		}

		static Pipeline starter(int size, Class<?> app, Class<? extends CountingHandler> handler) throws Exception {
			Pipeline pipeline = new Pipeline(size);
			String endpoint = RawZmq.bind(pipeline.push, "tcp://127.0.0.1:*");
			pipeline.application = StarterApp.start(app, "bench.endpoint=>" + endpoint);
			pipeline.start(pipeline.application.getBean(handler).arrivals, "@ZmqWorker(type = PULL)");
			return pipeline;
		}

		static Pipeline raw(int size, RawReceiver.Mode mode) {
			Pipeline pipeline = new Pipeline(size);
			String endpoint = RawZmq.bind(pipeline.push, "tcp://127.0.0.1:*");
			pipeline.receiverContext = RawZmq.context();
			pipeline.loop = new RawReceiver(pipeline.receiverContext, SocketType.PULL, ">" + endpoint, mode, size);
			pipeline.loop.endpoint();
			pipeline.start(pipeline.loop.arrivals(), "raw PULL loop");
			return pipeline;
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

		@Override
		public void settle() {
			this.window.drain();
		}

		@Override
		public void close() throws Exception {
			if (this.loop != null) {
				this.loop.close();
				this.receiverContext.close();
			}
			if (this.application != null) {
				this.application.close();
			}
			this.push.close();
			this.senderContext.close();
		}

	}

	/** Both sides of a trial: a starter application with one handler, and the raw loop doing the same work. */
	public abstract static class Pair extends SidePair<Pipeline> {

		abstract Pipeline openStarter() throws Exception;

		abstract RawReceiver.Mode rawMode();

		@Override
		protected Pipeline openSide(boolean starter, int size) throws Exception {
			return starter ? openStarter() : Pipeline.raw(size, rawMode());
		}

	}

	/** {@code byte[]} handler against the raw loop taking the body as received. */
	public static class BytesPair extends Pair {

		@Override
		Pipeline openStarter() throws Exception {
			return Pipeline.starter(this.size, BytesApp.class, BytesHandler.class);
		}

		@Override
		RawReceiver.Mode rawMode() {
			return RawReceiver.Mode.BYTES;
		}

	}

	/** {@code String} handler against the raw loop decoding the body. */
	public static class StringPair extends Pair {

		@Override
		Pipeline openStarter() throws Exception {
			return Pipeline.starter(this.size, StringApp.class, StringHandler.class);
		}

		@Override
		RawReceiver.Mode rawMode() {
			return RawReceiver.Mode.STRING;
		}

	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void pullWorkerBytes(BytesPair pair) {
		pair.side().sendBatch();
	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void pullWorkerString(StringPair pair) {
		pair.side().sendBatch();
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
