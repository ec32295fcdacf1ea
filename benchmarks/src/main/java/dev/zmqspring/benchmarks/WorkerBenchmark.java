package dev.zmqspring.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
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

	/** Both sides of a trial: a raw PUSH feeding the PULL {@code @ZmqWorker}, or a raw PULL loop doing the same work. */
	public abstract static class Pair extends SidePair<WindowedFeed> {

		abstract Class<?> app();

		abstract Class<? extends CountingHandler> handler();

		abstract RawReceiver.Mode rawMode();

		@Override
		protected WindowedFeed openSide(boolean starter, int size) throws Exception {
			WindowedFeed feed = new WindowedFeed(SocketType.PUSH, size, ZMQ.Socket::send);
			if (starter) {
				return feed.startApplication(app(), (app) -> app.getBean(handler()).arrivals, "@ZmqWorker(type = PULL)",
						"bench.endpoint=>" + feed.endpoint());
			}
			return feed.startLoop(SocketType.PULL, rawMode(), "");
		}

	}

	/** {@code byte[]} handler against the raw loop taking the body as received. */
	public static class BytesPair extends Pair {

		@Override
		Class<?> app() {
			return BytesApp.class;
		}

		@Override
		Class<? extends CountingHandler> handler() {
			return BytesHandler.class;
		}

		@Override
		RawReceiver.Mode rawMode() {
			return RawReceiver.Mode.BYTES;
		}

	}

	/** {@code String} handler against the raw loop decoding the body. */
	public static class StringPair extends Pair {

		@Override
		Class<?> app() {
			return StringApp.class;
		}

		@Override
		Class<? extends CountingHandler> handler() {
			return StringHandler.class;
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
