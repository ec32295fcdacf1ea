package dev.zmqspring.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
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
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.freelance.FreelanceStrategy;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Freelance model 3 (Guide ch.4 flclient3/flcliapi): the starter's {@code FreelanceClient} with the
 * router strategy (an {@code AsyncRequestEngine} on its agent actor, PING/PONG liveness) against a raw
 * JeroMQ ROUTER client doing {@code [server][sequence][body]} on the benchmark thread, each against
 * its own {@link RawFreelanceServer} on tcp, or (param {@code raw=agent}) against the Guide's own
 * design by hand, that ROUTER on an agent thread behind an inproc pipe ({@link RawFreelanceAgent}).
 * {@link #roundTrip}: one request at a time, microseconds per round trip with percentiles; {@link #throughput}: a window of {@value #WINDOW} requests in
 * flight, requests per second. Both sides alternate by iteration ({@link Alternation}).
 */
public class FreelanceBenchmark {

	static final int WINDOW = 100;

	/** Both sides of a trial. */
	@State(Scope.Thread)
	public static class Pair extends AlternatingState {

		@Param({ "100" })
		public int size;

		/**
		 * The raw client: {@code direct}, a ROUTER on the benchmark thread; {@code agent}, the Guide's
		 * flcliapi design, the ROUTER on an agent thread behind an inproc pipe ({@link RawFreelanceAgent}),
		 * as the starter's client has it.
		 */
		@Param({ "direct", "agent" })
		public String raw;

		RawFreelanceAgent agent;

		ZMQ.Socket pipe;

		ZContext starterContext;

		RawFreelanceServer starterServer;

		FreelanceClient client;

		ZContext rawContext;

		RawFreelanceServer rawServer;

		ZMQ.Socket router;

		byte[] serverIdentity;

		byte[] payload;

		long sequence;

		@SuppressWarnings("unchecked")
		final CompletableFuture<byte[]>[] window = new CompletableFuture[WINDOW];

		@Setup(Level.Trial)
		public void open() throws Exception {
			this.payload = RawZmq.payload(this.size);
			this.starterContext = RawZmq.context();
			String starterEndpoint = "tcp://127.0.0.1:" + freePort();
			this.starterServer = new RawFreelanceServer(this.starterContext, starterEndpoint);
			this.starterServer.endpoint();
			this.client = new FreelanceClient(new ZmqSocketFactory(this.starterContext, RawZmq.OPTIONS),
					ZmqMessageConverters.defaults(), "bench", List.of(starterEndpoint), FreelanceStrategy.ROUTER,
					Duration.ofMillis(2500), Duration.ofSeconds(2), Duration.ofSeconds(6));
			this.rawContext = RawZmq.context();
			String rawEndpoint = "tcp://127.0.0.1:" + freePort();
			this.rawServer = new RawFreelanceServer(this.rawContext, rawEndpoint);
			this.rawServer.endpoint();
			if (this.raw.equals("agent")) {
				this.agent = new RawFreelanceAgent(this.rawContext, rawEndpoint, rawEndpoint);
				this.agent.awaitServer();
				this.pipe = this.agent.pipe();
			}
			else {
				this.router = RawZmq.socket(this.rawContext, SocketType.ROUTER);
				this.router.setRouterMandatory(true);
				this.router.connect(rawEndpoint);
				this.serverIdentity = rawEndpoint.getBytes(ZMQ.CHARSET);
				awaitPong();
			}
			this.client.request(this.payload, byte[].class); // the starter's agent has found its server
		}

		/** The raw client's flcliapi handshake: PING until the ROUTER can route to the server. */
		private void awaitPong() {
			this.router.setReceiveTimeOut(100);
			while (true) {
				try {
					this.router.send(this.serverIdentity, ZMQ.SNDMORE);
					this.router.send("PING");
				}
				catch (org.zeromq.ZMQException ex) {
					// EHOSTUNREACH: not connected yet
				}
				byte[] from = this.router.recv(0);
				if (from != null) {
					while (this.router.hasReceiveMore()) {
						this.router.recv(0);
					}
					this.router.setReceiveTimeOut(-1);
					return;
				}
			}
		}

		@TearDown(Level.Trial)
		public void close() throws Exception {
			this.client.destroy();
			this.starterServer.close();
			this.starterContext.close();
			if (this.agent != null) {
				this.agent.close();
			}
			else {
				this.router.close();
			}
			this.rawServer.close();
			this.rawContext.close();
		}

		byte[] rawRequest() {
			rawSend();
			return rawReply();
		}

		void rawSend() {
			if (this.pipe != null) {
				this.pipe.send(Long.toString(++this.sequence), ZMQ.SNDMORE);
				this.pipe.send(this.payload, 0);
				return;
			}
			this.router.send(this.serverIdentity, ZMQ.SNDMORE);
			this.router.send(Long.toString(++this.sequence), ZMQ.SNDMORE);
			this.router.send(this.payload, 0);
		}

		byte[] rawReply() {
			if (this.pipe != null) {
				this.pipe.recv(0);
				return this.pipe.recv(0);
			}
			this.router.recv(0);
			this.router.recv(0);
			return this.router.recv(0);
		}

	}

	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public byte[] roundTrip(Pair pair) {
		if (pair.useStarter) {
			return pair.client.request(pair.payload, byte[].class);
		}
		return pair.rawRequest();
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(WINDOW)
	public byte[] throughput(Pair pair) {
		byte[] last = null;
		if (pair.useStarter) {
			for (int i = 0; i < WINDOW; i++) {
				pair.window[i] = pair.client.requestAsync(pair.payload, byte[].class);
			}
			for (int i = 0; i < WINDOW; i++) {
				last = pair.window[i].join();
			}
			return last;
		}
		for (int i = 0; i < WINDOW; i++) {
			pair.rawSend();
		}
		for (int i = 0; i < WINDOW; i++) {
			last = pair.rawReply();
		}
		return last;
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
