package dev.zmqspring.benchmarks;

import java.nio.charset.StandardCharsets;
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

import dev.zmqspring.annotation.ZmqSubscriber;

/**
 * A {@code @ZmqSubscriber} with one topic against a raw SUB loop subscribed to the same topic
 * (Guide ch.1 weather client, ch.2 "Pub-Sub Message Envelopes"), messages per second received over
 * tcp loopback. Each side has its own raw PUB (driven by the benchmark thread) sending the two-frame
 * envelope {@code [topic][100-byte payload]}; the subscriber's handler and the raw loop both get the
 * payload frame. {@link Window} keeps the PUB below its high-water mark, so nothing is dropped. Both
 * sides live in the same JVM and alternate by iteration ({@link Alternation}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SubscriberBenchmark {

	static final String TOPIC = "A";

	static final byte[] TOPIC_FRAME = TOPIC.getBytes(StandardCharsets.UTF_8);

	/** One side: a publisher and the subscriber under test. */
	static final class Feed implements SidePair.Side {

		final ZContext publisherContext = RawZmq.context();

		final ZMQ.Socket pub;

		final byte[] payload;

		final String endpoint;

		ConfigurableApplicationContext application;

		ZContext receiverContext;

		RawReceiver loop;

		Window window;

		Feed(int size) {
			this.pub = RawZmq.socket(this.publisherContext, SocketType.PUB);
			this.payload = RawZmq.payload(size);
			this.endpoint = RawZmq.bind(this.pub, "tcp://127.0.0.1:*");
		}

		static Feed starter(int size) throws Exception {
			Feed feed = new Feed(size);
			feed.application = StarterApp.start(App.class, "bench.endpoint=" + feed.endpoint, "bench.topic=" + TOPIC);
			feed.start(feed.application.getBean(SubscriberHandler.class).arrivals, "@ZmqSubscriber");
			return feed;
		}

		static Feed raw(int size) {
			Feed feed = new Feed(size);
			feed.receiverContext = RawZmq.context();
			feed.loop = new RawReceiver(feed.receiverContext, SocketType.SUB, ">" + feed.endpoint,
					RawReceiver.Mode.ENVELOPE, size, TOPIC);
			feed.loop.endpoint();
			feed.start(feed.loop.arrivals(), "raw SUB loop");
			return feed;
		}

		boolean publish(int flags) {
			return this.pub.send(TOPIC_FRAME, ZMQ.SNDMORE | flags) && this.pub.send(this.payload, flags);
		}

		private void start(Arrivals arrivals, String what) {
			Window.handshake(arrivals, () -> publish(ZMQ.DONTWAIT), what);
			this.window = new Window(arrivals);
		}

		void publishBatch() {
			for (int i = 0; i < Window.BATCH; i++) {
				publish(0);
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
			this.pub.close();
			this.publisherContext.close();
		}

	}

	/** Both sides of a trial. */
	public static class Pair extends SidePair<Feed> {

		@Override
		protected Feed openSide(boolean starter, int size) throws Exception {
			return starter ? Feed.starter(size) : Feed.raw(size);
		}

	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void subscriberOneTopic(Pair pair) {
		pair.side().publishBatch();
	}

	/** The subscriber bean: counts payloads like the raw loop. */
	public static class SubscriberHandler {

		final Arrivals arrivals = new Arrivals();

		@ZmqSubscriber(id = "bench-subscriber", endpoints = "${bench.endpoint}", topics = "${bench.topic}")
		public void onMessage(byte[] payload) {
			this.arrivals.arrived(payload.length);
		}

	}

	/** Application with the subscriber. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SubscriberHandler.class)
	public static class App {

	}

}
