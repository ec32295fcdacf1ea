package dev.zmqspring.benchmarks;

import java.nio.charset.StandardCharsets;
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

	/** Both sides of a trial: a raw PUB feeding the {@code @ZmqSubscriber}, or a raw SUB loop. */
	public static class Pair extends SidePair<WindowedFeed> {

		@Override
		protected WindowedFeed openSide(boolean starter, int size) throws Exception {
			WindowedFeed feed = new WindowedFeed(SocketType.PUB, size, SubscriberBenchmark::publish);
			if (starter) {
				return feed.startApplication(App.class, (app) -> app.getBean(SubscriberHandler.class).arrivals,
						"@ZmqSubscriber", "bench.endpoint=" + feed.endpoint(), "bench.topic=" + TOPIC);
			}
			return feed.startLoop(SocketType.SUB, RawReceiver.Mode.ENVELOPE, TOPIC);
		}

	}

	/** Publishes the two-frame envelope {@code [topic][payload]}. */
	static boolean publish(ZMQ.Socket pub, byte[] payload, int flags) {
		return pub.send(TOPIC_FRAME, ZMQ.SNDMORE | flags) && pub.send(payload, flags);
	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void subscriberOneTopic(Pair pair) {
		pair.side().sendBatch();
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
