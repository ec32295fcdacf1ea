package dev.zmqspring.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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

import dev.zmqspring.clone.CloneEndpoints;
import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.clone.CloneServerConfig;
import dev.zmqspring.clone.ZmqCloneMap;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Clone (Guide ch.5) against a raw JeroMQ implementation of the same exchange ({@link RawCloneServer}
 * and a raw client on the benchmark thread), tcp loopback, in the same run ({@code side}):
 * <ul>
 * <li>{@code updates}: updates per second through the server: a client sends 10,000 updates of
 * 100 bytes (1,000 keys) to the collector and waits until all of them came back sequenced on the
 * publisher (the library side: {@link ZmqCloneMap#set} and the map's last sequence);</li>
 * <li>{@code snapshot}: the time for a new client to get a snapshot of 100,000 keys, values
 * converted to strings in a map (the library side: a new {@link ZmqCloneMap}, started, its
 * {@link ZmqCloneMap#awaitSnapshot}, stopped).</li>
 * </ul>
 */
public class CloneBenchmark {

	static final int UPDATES = 10_000;

	static final int KEYS = 100_000;

	static final byte[] VALUE = new byte[100];

	/** A server with one connected client, of either side. */
	@State(Scope.Benchmark)
	public static class Side {

		@Param({ "starter", "raw" })
		public String side;

		ZContext context;

		ZmqSocketFactory factory;

		CloneServer server;

		CloneEndpoints endpoints;

		ZmqCloneMap<String> map;

		RawCloneServer raw;

		ZMQ.Socket rawUpdates;

		ZMQ.Socket rawSubscriber;

		long rawSequence;

		final Map<String, byte[][]> rawMap = new HashMap<>();

		void open() throws Exception {
			this.context = RawZmq.context();
			if (this.side.equals("starter")) {
				this.factory = new ZmqSocketFactory(this.context, RawZmq.OPTIONS);
				this.server = new CloneServer("bench", this.factory,
						CloneServerConfig.of("tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*"), null,
						Duration.ofSeconds(5));
				this.server.start();
				this.endpoints = new CloneEndpoints(this.server.getSnapshotEndpoint(), this.server.getPublisherEndpoint(),
						this.server.getCollectorEndpoint());
				this.map = newMap();
				this.map.start();
				this.map.awaitSnapshot(Duration.ofSeconds(10));
			}
			else {
				this.raw = new RawCloneServer(this.context);
				this.rawUpdates = rawSocket(SocketType.XPUB);
				this.rawUpdates.connect(this.raw.collector);
				this.rawUpdates.recv(0); // the collector's subscription
				this.rawSubscriber = rawSocket(SocketType.SUB);
				this.rawSubscriber.subscribe(ZMQ.SUBSCRIPTION_ALL);
				this.rawSubscriber.connect(this.raw.publisher);
				// prove the subscription is in place: send until one comes back
				this.rawSubscriber.setReceiveTimeOut(100);
				while (true) {
					send("warm", VALUE);
					if (this.rawSubscriber.recv(0) != null) {
						drain();
						break;
					}
				}
				this.rawSubscriber.setReceiveTimeOut(-1);
			}
		}

		ZmqCloneMap<String> newMap() {
			return new ZmqCloneMap<>("bench", this.factory, List.of(this.endpoints), "", String.class,
					ZmqMessageConverters.defaults(), Duration.ofSeconds(5), Duration.ofSeconds(5), null);
		}

		ZMQ.Socket rawSocket(SocketType type) {
			return RawCloneServer.socket(this.context, type);
		}

		private void drain() {
			while (this.rawSubscriber.recv(ZMQ.DONTWAIT) != null) {
				// earlier warm-up frames
			}
		}

		void send(String key, byte[] body) {
			byte[] uuid = ByteBuffer.allocate(16).putLong(UUID.randomUUID().getMostSignificantBits()).putLong(1).array();
			RawCloneServer.send(this.rawUpdates,
					new byte[][] { key.getBytes(), new byte[8], uuid, new byte[0], body });
		}

		/** Sends n updates and waits until all came back sequenced. */
		void updates(int n) {
			if (this.map != null) {
				long target = this.map.getLastSequence() + n;
				for (int i = 0; i < n; i++) {
					this.map.set("key-" + (i % 1000), "v".repeat(100));
				}
				awaitSequence(target);
				return;
			}
			for (int i = 0; i < n; i++) {
				send("key-" + (i % 1000), VALUE);
			}
			int seen = 0;
			while (seen < n) {
				// what the Guide's clonecli does with an update: read the kvmsg, store it by key
				byte[] key = this.rawSubscriber.recv(0);
				byte[][] frames = new byte[5][];
				for (int i = 1; i < 5 && this.rawSubscriber.hasReceiveMore(); i++) {
					frames[i] = this.rawSubscriber.recv(0);
				}
				String text = new String(key);
				if (!"HUGZ".equals(text)) {
					this.rawMap.put(text, frames);
					seen++;
				}
			}
		}

		/**
		 * Waits until the map applied the sequence: parked in short steps, not spinning, so the
		 * waiting thread does not take a core from the threads it waits for (a spin here was 62 % of
		 * the benchmark thread's JFR samples, on a 2-core machine where the map's actor, the server's
		 * and JeroMQ's I/O thread need both cores).
		 */
		void awaitSequence(long target) {
			while (this.map.getLastSequence() < target) {
				LockSupport.parkNanos(50_000);
			}
		}

		void close() throws Exception {
			if (this.map != null) {
				this.map.stop();
				this.server.stop();
			}
			if (this.raw != null) {
				this.rawUpdates.close();
				this.rawSubscriber.close();
				this.raw.close();
			}
			this.context.close();
		}

	}

	/** The updates case. */
	@State(Scope.Benchmark)
	public static class Updates extends Side {

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			open();
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			close();
		}

	}

	/** The snapshot case: the server holds 100,000 keys. */
	@State(Scope.Benchmark)
	public static class Snapshot extends Side {

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			open();
			if (this.map != null) {
				long target = this.map.getLastSequence() + KEYS;
				for (int i = 0; i < KEYS; i++) {
					this.map.set("key-" + i, "v".repeat(100));
				}
				awaitSequence(target);
			}
			else {
				for (int i = 0; i < KEYS; i++) {
					send("key-" + i, VALUE);
				}
				for (int seen = 0; seen < KEYS;) {
					byte[] key = this.rawSubscriber.recv(0);
					while (this.rawSubscriber.hasReceiveMore()) {
						this.rawSubscriber.recv(0);
					}
					if (!"HUGZ".equals(new String(key))) {
						seen++;
					}
				}
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() throws Exception {
			close();
		}

		int snapshot() {
			if (this.map != null) {
				ZmqCloneMap<String> fresh = newMap();
				fresh.start();
				fresh.awaitSnapshot(Duration.ofSeconds(60));
				int size = fresh.asMap().size();
				fresh.stop();
				return size;
			}
			return this.raw.clientSnapshot(this.context).keys();
		}

	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(UPDATES)
	public void updates(Updates state) {
		state.updates(UPDATES);
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	public int snapshot100k(Snapshot state) {
		return state.snapshot();
	}

}
