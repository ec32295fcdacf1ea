package dev.zmqspring.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The floor under every Majordomo implementation on JeroMQ 0.6.0 in the benchmark's setup: three
 * JVMs (relay, echo worker, client), the same four tcp hops per request over ROUTER and DEALER
 * sockets, and the same frames on the wire as Majordomo 0.1 (Guide ch.4; the client's
 * {@code [""][MDPC01][service][body]}, the worker's {@code [""][MDPW01][REQUEST|REPLY][client][""][body]}),
 * with nothing but forwarding in between: no validation, no service lookup, no heartbeats, no
 * poller. Each process is one raw blocking {@code recv} loop on one socket (Guide ch.1 style).
 * A Majordomo broker, worker and client send exactly this traffic and do more work around it, so
 * in synchronous round trips they cannot go faster; the report shows it next to ours and the Guide's.
 *
 * <p>The asynchronous figure is not such a floor: the relay pipelines requests to the worker, which
 * Majordomo does not (a worker gets its next request after its reply).
 *
 * <pre>
 * java -cp ... dev.zmqspring.benchmarks.RelayProcesses run &lt;requests&gt; &lt;result-file&gt;
 * </pre>
 *
 * <p>Like {@link MajordomoProcesses}: {@code run} starts the relay and the worker as child JVMs, then
 * runs the client itself ({@code requests} synchronous round trips, then {@code requests} with
 * {@value MajordomoProcesses#WINDOW} in flight) and writes {@code sync=} and {@code async=} requests
 * per second to the result file.
 */
public final class RelayProcesses {

	private static final byte[] EMPTY = new byte[0];

	private static final byte[] CLIENT_HEADER = "MDPC01".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] WORKER_HEADER = "MDPW01".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SERVICE = MajordomoSupport.SERVICE.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] REQUEST = { 0x02 };

	private static final byte[] READY = { 0x01 };

	private static final byte[] REPLY = { 0x03 };

	private static final byte[] HEARTBEAT = { 0x04 };

	private static final int REPLY_TIMEOUT_MILLIS = 10_000;

	private RelayProcesses() {
	}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "relay" -> {
				try (ZContext context = RawZmq.context()) {
					serve(new Relay(context, Integer.parseInt(args[1])));
				}
			}
			case "echo" -> {
				try (ZContext context = RawZmq.context()) {
					serve(new Echo(context, Integer.parseInt(args[1])));
				}
			}
			case "run" -> run(Integer.parseInt(args[1]), Path.of(args[2]));
			case "client" -> client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
			default -> throw new IllegalArgumentException(
					"usage: relay <port> | echo <port> | client <port> <requests> <file> | run <requests> <file>");
		}
	}

	/** Runs a role until standard input closes (the parent ended or closed it). */
	private static void serve(RawPeer peer) throws Exception {
		peer.endpoint();
		RoleProcesses.readyUntilParentCloses();
		peer.close();
	}

	private static void run(int requests, Path result) throws Exception {
		int port = MajordomoSupport.freePort();
		try (RoleProcesses roles = new RoleProcesses()) {
			roles.start(RelayProcesses.class, "relay", port);
			roles.start(RelayProcesses.class, "echo", port);
			client(port, requests, result);
		}
	}

	/**
	 * The client role against any Majordomo broker on the port (this relay, the starter's broker or
	 * the Guide's): synchronous, then windowed round trips.
	 */
	private static void client(int port, int requests, Path result) throws IOException {
		try (ZContext context = RawZmq.context()) {
			ZMQ.Socket client = RawZmq.socket(context, SocketType.DEALER);
			client.connect("tcp://127.0.0.1:" + port);
			byte[] payload = RawZmq.payload(100);
			awaitWorker(client, payload);
			client.setReceiveTimeOut(REPLY_TIMEOUT_MILLIS);
			double sync = sync(client, payload, requests);
			double async = async(client, payload, requests);
			client.close();
			Files.writeString(result, String.format("requests=%d%nsync=%.0f%nasync=%.0f%n", requests, sync, async));
			System.out.printf("Raw Majordomo client (%d requests): sync %.0f req/s, async %.0f req/s%n", requests, sync,
					async);
		}
	}

	/** Probes until a reply comes back: the relay drops requests until the worker has said hello. */
	private static void awaitWorker(ZMQ.Socket client, byte[] payload) {
		client.setReceiveTimeOut(200);
		for (int attempt = 0; attempt < 75; attempt++) {
			request(client, payload);
			if (client.recv(0) != null) {
				while (client.recv(ZMQ.DONTWAIT) != null) {
					// the rest of the reply, and replies to earlier probes
				}
				return;
			}
		}
		throw new IllegalStateException("no reply through the relay within 15 s");
	}

	private static double sync(ZMQ.Socket client, byte[] payload, int requests) {
		long start = System.nanoTime();
		for (int i = 0; i < requests; i++) {
			request(client, payload);
			reply(client);
		}
		return requests / ((System.nanoTime() - start) / 1e9);
	}

	private static double async(ZMQ.Socket client, byte[] payload, int requests) {
		long start = System.nanoTime();
		int outstanding = 0;
		for (int i = 0; i < requests; i++) {
			if (outstanding == MajordomoProcesses.WINDOW) {
				reply(client);
				outstanding--;
			}
			request(client, payload);
			outstanding++;
		}
		while (outstanding-- > 0) {
			reply(client);
		}
		return requests / ((System.nanoTime() - start) / 1e9);
	}

	/** A Majordomo client request: {@code [""][MDPC01][service][body]}. */
	private static void request(ZMQ.Socket client, byte[] payload) {
		client.send(EMPTY, ZMQ.SNDMORE);
		client.send(CLIENT_HEADER, ZMQ.SNDMORE);
		client.send(SERVICE, ZMQ.SNDMORE);
		client.send(payload, 0);
	}

	/** Reads one reply, {@code [""][MDPC01][service][body]}. */
	private static void reply(ZMQ.Socket client) {
		if (client.recv(0) == null) {
			throw new IllegalStateException("no reply through the relay within " + REPLY_TIMEOUT_MILLIS + " ms");
		}
		while (client.hasReceiveMore()) {
			client.recv(0);
		}
	}

	/**
	 * Reads one whole message into {@code frames} (frames beyond its length are read and dropped).
	 * @return the frame count, 0 if the receive timed out
	 */
	private static int read(ZMQ.Socket socket, byte[][] frames) {
		frames[0] = socket.recv(0);
		if (frames[0] == null) {
			return 0;
		}
		int count = 1;
		while (socket.hasReceiveMore()) {
			byte[] frame = socket.recv(0);
			if (count < frames.length) {
				frames[count++] = frame;
			}
		}
		return count;
	}

	/**
	 * The broker's place: a ROUTER that rewrites a client's request into the worker's and the worker's
	 * reply into the client's, frame for frame as a Majordomo broker does, and checks nothing.
	 */
	private static final class Relay extends RawPeer {

		private final int port;

		private final byte[][] frames = new byte[8][];

		private byte[] worker;

		Relay(ZContext context, int port) {
			this.port = port;
			start(context, SocketType.ROUTER, "raw-relay");
		}

		@Override
		protected String attach(ZMQ.Socket socket) {
			socket.setRouterMandatory(true); // as the starter's Majordomo broker: wait at the high-water mark, do not drop
			return RawZmq.bind(socket, "tcp://127.0.0.1:" + this.port);
		}

		@Override
		protected void serve(ZMQ.Socket socket) {
			byte[][] frames = this.frames;
			int count = read(socket, frames);
			if (count < 4) {
				return;
			}
			if (Arrays.equals(frames[2], CLIENT_HEADER)) {
				if (this.worker == null) {
					return; // a probe before the worker's READY: dropped, the client probes again
				}
				// [client][""][MDPC01][service][body] -> [worker][""][MDPW01][REQUEST][client][""][body]
				socket.send(this.worker, ZMQ.SNDMORE);
				socket.send(EMPTY, ZMQ.SNDMORE);
				socket.send(WORKER_HEADER, ZMQ.SNDMORE);
				socket.send(REQUEST, ZMQ.SNDMORE);
				socket.send(frames[0], ZMQ.SNDMORE);
				socket.send(EMPTY, ZMQ.SNDMORE);
				socket.send(frames[count - 1], 0);
			}
			else if (count == 7 && Arrays.equals(frames[3], REPLY)) {
				// [worker][""][MDPW01][REPLY][client][""][body] -> [client][""][MDPC01][service][body]
				socket.send(frames[4], ZMQ.SNDMORE);
				socket.send(EMPTY, ZMQ.SNDMORE);
				socket.send(CLIENT_HEADER, ZMQ.SNDMORE);
				socket.send(SERVICE, ZMQ.SNDMORE);
				socket.send(frames[6], 0);
			}
			else if (Arrays.equals(frames[3], READY)) {
				this.worker = frames[0];
			}
			// else a heartbeat: the relay keeps no liveness
		}

	}

	/**
	 * The worker's place: a DEALER that says READY, answers every
	 * {@code [""][MDPW01][REQUEST][client][""][body]} with {@code [""][MDPW01][REPLY][client][""][body]}
	 * and every heartbeat with a heartbeat (so that a real Majordomo broker keeps it).
	 */
	private static final class Echo extends RawPeer {

		private final int port;

		private final byte[][] frames = new byte[8][];

		Echo(ZContext context, int port) {
			this.port = port;
			start(context, SocketType.DEALER, "raw-relay-echo");
		}

		@Override
		protected String attach(ZMQ.Socket socket) {
			String endpoint = "tcp://127.0.0.1:" + this.port;
			socket.connect(endpoint);
			socket.send(EMPTY, ZMQ.SNDMORE);
			socket.send(WORKER_HEADER, ZMQ.SNDMORE);
			socket.send(READY, ZMQ.SNDMORE);
			socket.send(SERVICE, 0);
			return endpoint;
		}

		@Override
		protected void serve(ZMQ.Socket socket) {
			byte[][] frames = this.frames;
			int count = read(socket, frames);
			if (count == 6) {
				socket.send(EMPTY, ZMQ.SNDMORE);
				socket.send(WORKER_HEADER, ZMQ.SNDMORE);
				socket.send(REPLY, ZMQ.SNDMORE);
				socket.send(frames[3], ZMQ.SNDMORE);
				socket.send(EMPTY, ZMQ.SNDMORE);
				socket.send(frames[5], 0);
			}
			else if (count == 3 && Arrays.equals(frames[2], HEARTBEAT)) {
				socket.send(EMPTY, ZMQ.SNDMORE);
				socket.send(WORKER_HEADER, ZMQ.SNDMORE);
				socket.send(HEARTBEAT, 0);
			}
		}

	}

}
