package dev.zmqspring.benchmarks.scaling;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import dev.zmqspring.benchmarks.RawZmq;

/**
 * The peers of a broker scaling point: raw JeroMQ workers and clients, one thread and one socket
 * each, blocking in {@code recv} (a 250 ms timeout only to notice the end of the point and to
 * heartbeat), so a peer costs one wake-up per message whatever the number of peers, and the broker
 * is the only component whose cost can grow with them. Workers speak the broker's worker protocol
 * (Guide ch.3 lbbroker's READY, ch.4 ppworker's READY/HEARTBEAT, ch.4 mdworker's MDP/0.1);
 * clients send one request at a time and time each round trip (mdclient, lpclient). A worker waits
 * at most half its heartbeat interval and heartbeats once per interval, as ppworker and mdworker do,
 * so 1,000 idle workers cost the machine 2,000 wake-ups a second, not more.
 */
final class RawBrokerPeers implements AutoCloseable {

	/** The worker protocol. */
	enum Protocol {

		LOAD_BALANCING, PARANOID_PIRATE, MAJORDOMO

	}

	private static final byte[] EMPTY = new byte[0];

	private static final byte[] MDPW = "MDPW01".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] MDPC = "MDPC01".getBytes(StandardCharsets.US_ASCII);

	private static final int TIMEOUT = 250;

	private final ZContext context = RawZmq.context();

	private final List<Thread> threads = new ArrayList<>();

	private final List<Latencies> latencies = new ArrayList<>();

	private final LongAdder replies = new LongAdder();

	private volatile boolean running = true;

	/**
	 * Starts a worker.
	 * @param protocol its protocol
	 * @param endpoint the broker's backend (or the Majordomo endpoint)
	 * @param service the Majordomo service ({@code null} otherwise)
	 * @param heartbeatMillis how often it heartbeats (Paranoid Pirate, Majordomo)
	 */
	void worker(Protocol protocol, String endpoint, String service, long heartbeatMillis) {
		start("raw-worker-" + this.threads.size(), () -> {
			ZMQ.Socket socket = this.context.createSocket((protocol == Protocol.LOAD_BALANCING) ? SocketType.REQ : SocketType.DEALER);
			try {
				socket.setReceiveTimeOut((int) Math.max(TIMEOUT, heartbeatMillis / 2));
				socket.setLinger(0);
				socket.connect(endpoint);
				switch (protocol) {
					case LOAD_BALANCING -> lbWorker(socket);
					case PARANOID_PIRATE -> ppWorker(socket, heartbeatMillis);
					case MAJORDOMO -> mdpWorker(socket, service.getBytes(StandardCharsets.UTF_8), heartbeatMillis);
				}
			}
			catch (ZMQException ex) {
				// ETERM: the point is over
			}
			finally {
				socket.close();
			}
		});
	}

	private void lbWorker(ZMQ.Socket socket) {
		socket.send(new byte[] { 1 }, 0);
		while (this.running) {
			byte[] client = socket.recv(0);
			if (client == null) {
				continue;
			}
			socket.recv(0); // empty
			byte[] body = socket.recv(0);
			socket.send(client, ZMQ.SNDMORE);
			socket.send(EMPTY, ZMQ.SNDMORE);
			socket.send(body, 0);
		}
	}

	private void ppWorker(ZMQ.Socket socket, long heartbeatMillis) {
		byte[] heartbeat = { 2 };
		socket.send(new byte[] { 1 }, 0);
		long lastSent = System.currentTimeMillis();
		while (this.running) {
			byte[] first = socket.recv(0);
			if (first != null && socket.hasReceiveMore()) {
				socket.recv(0); // empty
				byte[] body = socket.recv(0);
				socket.send(first, ZMQ.SNDMORE);
				socket.send(EMPTY, ZMQ.SNDMORE);
				socket.send(body, 0);
				lastSent = System.currentTimeMillis();
			}
			long now = System.currentTimeMillis();
			if (now - lastSent >= heartbeatMillis) {
				socket.send(heartbeat, 0);
				lastSent = now;
			}
		}
	}

	private void mdpWorker(ZMQ.Socket socket, byte[] service, long heartbeatMillis) {
		socket.send(EMPTY, ZMQ.SNDMORE);
		socket.send(MDPW, ZMQ.SNDMORE);
		socket.send(new byte[] { 1 }, ZMQ.SNDMORE);
		socket.send(service, 0);
		long lastSent = System.currentTimeMillis();
		while (this.running) {
			byte[] empty = socket.recv(0);
			if (empty != null) {
				socket.recv(0); // MDPW01
				byte[] command = socket.recv(0);
				if (command.length == 1 && command[0] == 2 && socket.hasReceiveMore()) {
					byte[] client = socket.recv(0);
					socket.recv(0); // empty
					byte[] body = socket.recv(0);
					socket.send(EMPTY, ZMQ.SNDMORE);
					socket.send(MDPW, ZMQ.SNDMORE);
					socket.send(new byte[] { 3 }, ZMQ.SNDMORE);
					socket.send(client, ZMQ.SNDMORE);
					socket.send(EMPTY, ZMQ.SNDMORE);
					socket.send(body, 0);
					lastSent = System.currentTimeMillis();
				}
				while (socket.hasReceiveMore()) {
					socket.recv(0);
				}
			}
			long now = System.currentTimeMillis();
			if (now - lastSent >= heartbeatMillis) {
				socket.send(EMPTY, ZMQ.SNDMORE);
				socket.send(MDPW, ZMQ.SNDMORE);
				socket.send(new byte[] { 4 }, 0);
				lastSent = now;
			}
		}
	}

	/**
	 * Starts a client sending one request at a time.
	 * @param endpoint the broker's frontend (or the Majordomo endpoint)
	 * @param services the Majordomo services it asks in turn ({@code null}: a plain [""][body] request)
	 * @param payload the request body
	 * @param capacity how many round trips it keeps for the percentiles
	 */
	void client(String endpoint, String[] services, byte[] payload, int capacity) {
		Latencies times = new Latencies(capacity);
		this.latencies.add(times);
		int first = this.threads.size();
		start("raw-client-" + first, () -> {
			ZMQ.Socket socket = this.context.createSocket(SocketType.DEALER);
			try {
				socket.setReceiveTimeOut(TIMEOUT);
				socket.setLinger(0);
				socket.connect(endpoint);
				byte[][] names = null;
				if (services != null) {
					names = new byte[services.length][];
					for (int i = 0; i < services.length; i++) {
						names[i] = services[i].getBytes(StandardCharsets.UTF_8);
					}
				}
				int turn = first;
				while (this.running) {
					long start = System.nanoTime();
					socket.send(EMPTY, ZMQ.SNDMORE);
					if (names != null) {
						socket.send(MDPC, ZMQ.SNDMORE);
						socket.send(names[turn++ % names.length], ZMQ.SNDMORE);
					}
					socket.send(payload, 0);
					byte[] reply = null;
					while (reply == null && this.running) {
						reply = socket.recv(0);
					}
					if (reply == null) {
						break;
					}
					while (socket.hasReceiveMore()) {
						socket.recv(0);
					}
					times.record(System.nanoTime() - start);
					this.replies.increment();
				}
			}
			catch (ZMQException ex) {
				// ETERM: the point is over
			}
			finally {
				socket.close();
			}
		});
	}

	private void start(String name, Runnable body) {
		Thread thread = new Thread(null, body, name, 256 * 1024);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
	}

	/** Replies received by every client so far. */
	long replies() {
		return this.replies.sum();
	}

	/** Starts or stops keeping round-trip times. */
	void recording(boolean on) {
		for (Latencies l : this.latencies) {
			l.recording = on;
		}
	}

	/** p50 and p99 of the recorded round trips, in microseconds. */
	double[] percentiles() {
		return Latencies.quantilesMicros(this.latencies, 0.5, 0.99);
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join(5_000);
		}
		this.context.close();
	}

}
