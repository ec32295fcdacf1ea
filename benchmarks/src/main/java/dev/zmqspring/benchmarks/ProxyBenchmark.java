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

/**
 * The starter's proxies ({@code zmq.proxies.<name>}) against JeroMQ's raw {@code ZMQ.proxy} on the
 * same socket types (Guide ch.2 "Intermediaries and Proxies"), messages per second through the
 * proxy, 100-byte messages over tcp loopback. The peers are the same raw sockets for both, bound on
 * one peer context; the proxy connects both of its sockets to them from its own context (the
 * application's, or a raw one), so both runs have the same contexts and I/O threads.
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

	static final byte[] TOPIC = "A".getBytes(StandardCharsets.UTF_8);

	static final byte[] EMPTY = new byte[0];

	/** Peers and proxy of one forwarder trial. */
	@State(Scope.Thread)
	public abstract static class Forwarder {

		@Param({ "100" })
		public int size;

		ZContext peers;

		ZMQ.Socket pub;

		RawReceiver sub;

		byte[] payload;

		Window window;

		ConfigurableApplicationContext application;

		RawProxy rawProxy;

		void open(boolean starter) {
			this.peers = RawZmq.context();
			this.payload = RawZmq.payload(this.size);
			this.pub = RawZmq.socket(this.peers, SocketType.PUB);
			String pubEndpoint = RawZmq.bind(this.pub, "tcp://127.0.0.1:*");
			this.sub = new RawReceiver(this.peers, SocketType.SUB, "@tcp://127.0.0.1:*", RawReceiver.Mode.ENVELOPE,
					this.size, "A");
			String subEndpoint = this.sub.endpoint();
			if (starter) {
				this.application = StarterApp.start(App.class, "zmq.proxies.bench.type=forwarder",
						"zmq.proxies.bench.frontend=>" + pubEndpoint, "zmq.proxies.bench.backend=>" + subEndpoint);
			}
			else {
				this.rawProxy = new RawProxy(SocketType.XSUB, pubEndpoint, SocketType.XPUB, subEndpoint);
			}
			Window.handshake(this.sub.arrivals(), () -> publish(ZMQ.DONTWAIT),
					starter ? "forwarder zmq.proxies.bench" : "raw ZMQ.proxy forwarder");
			this.window = new Window(this.sub.arrivals());
		}

		boolean publish(int flags) {
			return this.pub.send(TOPIC, ZMQ.SNDMORE | flags) && this.pub.send(this.payload, flags);
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
			if (this.application != null) {
				this.application.close();
			}
			if (this.rawProxy != null) {
				this.rawProxy.close();
			}
			this.sub.close();
			this.pub.close();
			this.peers.close();
		}

	}

	/** Forwarder from {@code zmq.proxies.bench.type=forwarder}. */
	public static class StarterForwarder extends Forwarder {

		@Setup(Level.Trial)
		public void open() {
			open(true);
		}

	}

	/** Forwarder as raw {@code ZMQ.proxy(xsub, xpub)}. */
	public static class RawForwarder extends Forwarder {

		@Setup(Level.Trial)
		public void open() {
			open(false);
		}

	}

	/** Peers and proxy of one queue trial. */
	@State(Scope.Thread)
	public abstract static class Queue {

		@Param({ "100" })
		public int size;

		ZContext peers;

		ZMQ.Socket client;

		RawDealerEcho worker;

		byte[] payload;

		long outstanding;

		ConfigurableApplicationContext application;

		RawProxy rawProxy;

		void open(boolean starter) {
			this.peers = RawZmq.context();
			this.payload = RawZmq.payload(this.size);
			this.client = RawZmq.socket(this.peers, SocketType.DEALER);
			// a missing proxy fails the trial instead of hanging it; the same on both sides
			this.client.setReceiveTimeOut((int) Arrivals.STALL.toMillis());
			String clientEndpoint = RawZmq.bind(this.client, "tcp://127.0.0.1:*");
			this.worker = new RawDealerEcho(this.peers);
			String workerEndpoint = this.worker.endpoint();
			if (starter) {
				this.application = StarterApp.start(App.class, "zmq.proxies.bench.type=queue",
						"zmq.proxies.bench.frontend=>" + clientEndpoint, "zmq.proxies.bench.backend=>" + workerEndpoint);
			}
			else {
				this.rawProxy = new RawProxy(SocketType.ROUTER, clientEndpoint, SocketType.DEALER, workerEndpoint);
			}
			long deadline = System.nanoTime() + Arrivals.STALL.toNanos();
			while (!(this.client.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT) && this.client.send(this.payload, 0))) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("No proxy connected to the queue client: is "
							+ (starter ? "zmq.proxies.bench (queue)" : "the raw proxy") + " running on this build?");
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
				byte[] empty = this.client.recv(0);
				if (empty == null) {
					throw new IllegalStateException("Queue reply missing after " + Arrivals.STALL.toSeconds() + " s");
				}
				this.client.recv(0);
			}
			this.outstanding -= replies;
		}

		@TearDown(Level.Iteration)
		public void settle() {
			receive((int) this.outstanding);
		}

		@TearDown(Level.Trial)
		public void close() {
			if (this.application != null) {
				this.application.close();
			}
			if (this.rawProxy != null) {
				this.rawProxy.close();
			}
			this.worker.close();
			this.client.close();
			this.peers.close();
		}

	}

	/** Queue from {@code zmq.proxies.bench.type=queue}. */
	public static class StarterQueue extends Queue {

		@Setup(Level.Trial)
		public void open() {
			open(true);
		}

	}

	/** Queue as raw {@code ZMQ.proxy(router, dealer)}. */
	public static class RawQueue extends Queue {

		@Setup(Level.Trial)
		public void open() {
			open(false);
		}

	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void starterForwarderProxy(StarterForwarder forwarder) {
		forwarder.publishBatch();
	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void rawForwarderProxy(RawForwarder forwarder) {
		forwarder.publishBatch();
	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void starterQueueProxy(StarterQueue queue) {
		queue.roundTrips();
	}

	@Benchmark
	@OperationsPerInvocation(Window.BATCH)
	public void rawQueueProxy(RawQueue queue) {
		queue.roundTrips();
	}

	/** The application: its proxy comes from {@code zmq.proxies.bench.*}. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class App {

	}

}
