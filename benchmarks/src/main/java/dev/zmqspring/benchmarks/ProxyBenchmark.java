package dev.zmqspring.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's proxies ({@code zmq.proxies.<name>}) against a raw proxy on the same socket types
 * ({@code rawProxy}: JeroMQ's {@code ZMQ.proxy}, or the best hand-written batch loop, {@link RawProxy}) (Guide ch.2 "Intermediaries and Proxies"), messages per second through the
 * proxy, 100-byte messages over tcp loopback. Each side has its own raw peers, bound on a peer
 * context; its proxy connects both of its sockets to them from its own context (the application's,
 * or a raw one), so both sides have the same contexts and I/O threads. Both sides live in the same
 * JVM and alternate by iteration ({@link Alternation}).
 *
 * <ul>
 * <li><b>Forwarder</b> (XSUB/XPUB, ch.2 "Dynamic Discovery Problem"): PUB → proxy → SUB subscribed
 * to one topic, two-frame envelope, paced by {@link Window} so the PUB never drops.</li>
 * <li><b>Queue</b> (ROUTER/DEALER, ch.2 "Shared Queue"): a DEALER client sends [empty][payload]
 * requests, a DEALER echo worker ({@link RawDealerEcho}) answers; a message counts once it has been
 * through the proxy both ways. The client keeps up to two batches in flight.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProxyBenchmark {

	static final byte[] EMPTY = new byte[0];

	/** A proxy under test: the starter's from properties, or a raw one. */
	static final class Proxy {

		private final ConfigurableApplicationContext application;

		private final RawProxy raw;

		Proxy(boolean starter, String type, SocketType frontType, String front, SocketType backType, String back,
				boolean batch) throws Exception {
			if (starter) {
				this.application = StarterApp.start(App.class, "zmq.proxies.bench.type=" + type,
						"zmq.proxies.bench.frontend=>" + front, "zmq.proxies.bench.backend=>" + back);
				this.raw = null;
			}
			else {
				this.application = null;
				this.raw = new RawProxy(frontType, front, backType, back, batch);
			}
		}

		static String describe(boolean starter, String type) {
			return starter ? type + " proxy zmq.proxies.bench" : "raw ZMQ.proxy " + type;
		}

		void close() throws InterruptedException {
			if (this.application != null) {
				this.application.close();
			}
			if (this.raw != null) {
				this.raw.close();
			}
		}

	}

	/** One forwarder side: PUB → proxy → SUB. */
	static final class Forwarder implements SidePair.Side {

		final ZContext peers = RawZmq.context();

		final ZMQ.Socket pub;

		final RawReceiver sub;

		final byte[] payload;

		final Proxy proxy;

		final Window window;

		Forwarder(boolean starter, int size, boolean batch) throws Exception {
			this.payload = RawZmq.payload(size);
			this.pub = RawZmq.socket(this.peers, SocketType.PUB);
			String pubEndpoint = RawZmq.bind(this.pub, "tcp://127.0.0.1:*");
			this.sub = new RawReceiver(this.peers, SocketType.SUB, "@tcp://127.0.0.1:*", RawReceiver.Mode.ENVELOPE, size,
					SubscriberBenchmark.TOPIC);
			this.proxy = new Proxy(starter, "forwarder", SocketType.XSUB, pubEndpoint, SocketType.XPUB, this.sub.endpoint(),
					batch);
			Window.handshake(this.sub.arrivals(), () -> publish(ZMQ.DONTWAIT), Proxy.describe(starter, "forwarder"));
			this.window = new Window(this.sub.arrivals());
		}

		boolean publish(int flags) {
			return SubscriberBenchmark.publish(this.pub, this.payload, flags);
		}

		void publishBatch() {
			this.window.sendBatch(() -> publish(0));
		}

		@Override
		public void settle() {
			this.window.drain();
		}

		@Override
		public void close() throws InterruptedException {
			this.proxy.close();
			this.sub.close();
			this.pub.close();
			this.peers.close();
		}

	}

	/** One queue side: DEALER client → proxy → DEALER echo worker, and back. */
	static final class Queue implements SidePair.Side {

		final ZContext peers = RawZmq.context();

		final ZMQ.Socket client;

		final RawDealerEcho worker;

		final byte[] payload;

		final Proxy proxy;

		long outstanding;

		Queue(boolean starter, int size, boolean batch) throws Exception {
			this.payload = RawZmq.payload(size);
			this.client = RawZmq.socket(this.peers, SocketType.DEALER);
			// a missing proxy fails the trial instead of hanging it; the same on both sides
			this.client.setReceiveTimeOut((int) Arrivals.STALL.toMillis());
			String clientEndpoint = RawZmq.bind(this.client, "tcp://127.0.0.1:*");
			this.worker = new RawDealerEcho(this.peers);
			this.proxy = new Proxy(starter, "queue", SocketType.ROUTER, clientEndpoint, SocketType.DEALER,
					this.worker.endpoint(), batch);
			long deadline = System.nanoTime() + Arrivals.STALL.toNanos();
			while (!(this.client.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT) && this.client.send(this.payload, 0))) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException(
							"No proxy connected to the queue client: is the " + Proxy.describe(starter, "queue") + " running?");
				}
				Thread.onSpinWait();
			}
			this.outstanding = 1;
			receive(1);
		}

		void roundTrips() {
			for (int i = 0; i < Window.BATCH; i++) {
				this.client.send(EMPTY, ZMQ.SNDMORE);
				this.client.send(this.payload, 0);
			}
			this.outstanding += Window.BATCH;
			if (this.outstanding > Window.BATCH) {
				receive(Window.BATCH);
			}
		}

		void receive(int replies) {
			for (int i = 0; i < replies; i++) {
				if (this.client.recv(0) == null) {
					throw new IllegalStateException("Queue reply missing after " + Arrivals.STALL.toSeconds() + " s");
				}
				this.client.recv(0);
			}
			this.outstanding -= replies;
		}

		@Override
		public void settle() {
			receive((int) this.outstanding);
		}

		@Override
		public void close() throws InterruptedException {
			this.proxy.close();
			this.worker.close();
			this.client.close();
			this.peers.close();
		}

	}

	/** Both forwarder sides of a trial. */
	public static class ForwarderPair extends SidePair<Forwarder> {

		/** The raw side: {@code zmqProxy} ({@code ZMQ.proxy}) or {@code batchLoop} (the best hand-written loop). */
		@Param({ "zmqProxy", "batchLoop" })
		public String rawProxy;

		@Override
		protected Forwarder openSide(boolean starter, int size) throws Exception {
			return new Forwarder(starter, size, this.rawProxy.equals("batchLoop"));
		}

	}

	/** Both queue sides of a trial. */
	public static class QueuePair extends SidePair<Queue> {

		/** The raw side: {@code zmqProxy} ({@code ZMQ.proxy}) or {@code batchLoop} (the best hand-written loop). */
		@Param({ "zmqProxy", "batchLoop" })
		public String rawProxy;

		@Override
		protected Queue openSide(boolean starter, int size) throws Exception {
			return new Queue(starter, size, this.rawProxy.equals("batchLoop"));
		}

	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void forwarderProxy(ForwarderPair pair) {
		pair.side().publishBatch();
	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void queueProxy(QueuePair pair) {
		pair.side().roundTrips();
	}

	/** The application: its proxy comes from {@code zmq.proxies.bench.*}. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class App {

	}

}
