package dev.zmqspring.benchmarks;

import java.nio.charset.StandardCharsets;
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

import dev.zmqspring.annotation.ZmqSubscriber;

/**
 * A {@code @ZmqSubscriber} with one topic against a raw SUB loop subscribed to the same topic
 * (Guide ch.1 weather client, ch.2 "Pub-Sub Message Envelopes"), messages per second received. The
 * publisher is the same raw PUB on the benchmark thread, sending the two-frame envelope
 * {@code [topic][100-byte payload]}; the subscriber's handler and the raw loop both get the payload
 * frame. {@link Window} keeps the PUB below its high-water mark, so nothing is dropped.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SubscriberBenchmark {

	static final String TOPIC = "A";

	/** Publisher and receiver of one trial. */
	@State(Scope.Thread)
	public abstract static class Feed {

		@Param({ "100" })
		public int size;

		ZContext publisherContext;

		ZMQ.Socket pub;

		byte[] topic = TOPIC.getBytes(StandardCharsets.UTF_8);

		byte[] payload;

		ConfigurableApplicationContext application;

		ZContext receiverContext;

		RawReceiver loop;

		Window window;

		String openPublisher() {
			this.publisherContext = RawZmq.context();
			this.pub = RawZmq.socket(this.publisherContext, SocketType.PUB);
			this.payload = RawZmq.payload(this.size);
			return RawZmq.bind(this.pub, "tcp://127.0.0.1:*");
		}

		boolean publish(int flags) {
			return this.pub.send(this.topic, ZMQ.SNDMORE | flags) && this.pub.send(this.payload, flags);
		}

		void start(Arrivals arrivals, String what) {
			Window.handshake(arrivals, () -> publish(ZMQ.DONTWAIT), what);
			this.window = new Window(arrivals);
		}

		void publishBatch() {
			for (int i = 0; i < Window.BATCH; i++) {
				publish(0);
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
			if (this.pub != null) {
				this.pub.close();
			}
			this.publisherContext.close();
		}

	}

	/** Starter: the {@code @ZmqSubscriber} of {@link SubscriberHandler}. */
	public static class StarterFeed extends Feed {

		@Setup(Level.Trial)
		public void open() {
			String endpoint = openPublisher();
			this.application = StarterApp.start(App.class, "bench.endpoint=" + endpoint, "bench.topic=" + TOPIC);
			start(this.application.getBean(SubscriberHandler.class).arrivals, "@ZmqSubscriber");
		}

	}

	/** Raw: a SUB loop on its own context. */
	public static class RawFeed extends Feed {

		@Setup(Level.Trial)
		public void open() {
			String endpoint = openPublisher();
			this.receiverContext = RawZmq.context();
			this.loop = new RawReceiver(this.receiverContext, SocketType.SUB, ">" + endpoint, RawReceiver.Mode.ENVELOPE,
					this.size, TOPIC);
			this.loop.endpoint();
			start(this.loop.arrivals(), "raw SUB loop");
		}

	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void starterSubscriberOneTopic(StarterFeed feed) {
		feed.publishBatch();
	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void rawSubscriberOneTopic(RawFeed feed) {
		feed.publishBatch();
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
