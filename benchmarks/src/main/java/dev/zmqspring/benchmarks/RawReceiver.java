package dev.zmqspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.ZError;

/**
 * A raw JeroMQ receive loop on its own thread, the way the Guide writes one (ch.1 "Divide and
 * Conquer" sink, ch.1 weather client): a blocking {@code recv} in a loop. The socket is created,
 * used and closed by the loop's thread only (ch.2 threading rule). A 100 ms receive timeout lets the
 * loop notice {@link #close()} without interrupting JeroMQ.
 *
 * <p>It is both the common sink of the push benchmarks (same code for starter and raw senders) and
 * the raw counterpart of the starter's listeners (same per-message work as the handler methods).
 */
public final class RawReceiver implements AutoCloseable {

	/** What the loop does with each message. */
	public enum Mode {

		/** Receive into one reused buffer and count: the cheapest possible sink. */
		DRAIN,

		/** {@code byte[] body = recv()} then count: a {@code byte[]} handler. */
		BYTES,

		/** Decode the body as UTF-8 then count: a {@code String} handler. */
		STRING,

		/** A two-frame pub-sub envelope: topic frame, then the payload frame handed to the handler. */
		ENVELOPE

	}

	private final Arrivals arrivals = new Arrivals();

	private final CompletableFuture<String> ready = new CompletableFuture<>();

	private final Thread thread;

	private volatile boolean running = true;

	/**
	 * Starts a loop.
	 * @param context the context to create the socket on
	 * @param type PULL or SUB
	 * @param endpoint {@code @address} to bind or {@code >address} to connect
	 * @param mode the per-message work
	 * @param maxSize the largest message expected (for the reused DRAIN buffer)
	 */
	public RawReceiver(ZContext context, SocketType type, String endpoint, Mode mode, int maxSize) {
		this(context, type, endpoint, mode, maxSize, "");
	}

	/**
	 * Starts a loop.
	 * @param context the context to create the socket on
	 * @param type PULL or SUB
	 * @param endpoint {@code @address} to bind or {@code >address} to connect
	 * @param mode the per-message work
	 * @param maxSize the largest message expected (for the reused DRAIN buffer)
	 * @param topic the one topic a SUB subscribes to ({@code ""} = everything)
	 */
	public RawReceiver(ZContext context, SocketType type, String endpoint, Mode mode, int maxSize, String topic) {
		this.thread = new Thread(() -> run(context, type, endpoint, mode, maxSize, topic), "raw-" + type + "-" + mode);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Waits until the socket is attached.
	 * @return the actual endpoint (ephemeral port resolved)
	 */
	public String endpoint() {
		try {
			return this.ready.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Receive loop did not start", ex);
		}
	}

	/** The messages this loop received. */
	public Arrivals arrivals() {
		return this.arrivals;
	}

	private void run(ZContext context, SocketType type, String endpoint, Mode mode, int maxSize, String topic) {
		ZMQ.Socket socket = RawZmq.socket(context, type);
		try {
			socket.setReceiveTimeOut(100);
			if (type == SocketType.SUB) {
				socket.subscribe(topic.getBytes(StandardCharsets.UTF_8));
			}
			String actual;
			if (endpoint.startsWith("@")) {
				actual = RawZmq.bind(socket, endpoint.substring(1));
			}
			else {
				actual = endpoint.substring(1);
				socket.connect(actual);
			}
			this.ready.complete(actual);
			switch (mode) {
				case DRAIN -> drain(socket, maxSize);
				case BYTES -> bytes(socket);
				case STRING -> strings(socket);
				case ENVELOPE -> envelopes(socket);
			}
		}
		catch (ZMQException ex) {
			if (ex.getErrorCode() != ZError.ETERM) {
				this.ready.completeExceptionally(ex);
				throw ex;
			}
		}
		catch (RuntimeException ex) {
			this.ready.completeExceptionally(ex);
			throw ex;
		}
		finally {
			socket.close();
		}
	}

	private void drain(ZMQ.Socket socket, int maxSize) {
		byte[] buffer = new byte[maxSize];
		while (this.running) {
			int size = socket.recv(buffer, 0, buffer.length, 0);
			if (size >= 0) {
				this.arrivals.arrived(size);
			}
		}
	}

	private void bytes(ZMQ.Socket socket) {
		while (this.running) {
			byte[] body = socket.recv(0);
			if (body != null) {
				this.arrivals.arrived(body.length);
			}
		}
	}

	private void strings(ZMQ.Socket socket) {
		while (this.running) {
			byte[] body = socket.recv(0);
			if (body != null) {
				String text = new String(body, StandardCharsets.UTF_8);
				this.arrivals.arrived(text.length());
			}
		}
	}

	private void envelopes(ZMQ.Socket socket) {
		while (this.running) {
			byte[] topic = socket.recv(0);
			if (topic == null) {
				continue;
			}
			byte[] body = socket.hasReceiveMore() ? socket.recv(0) : topic;
			this.arrivals.arrived(body.length);
		}
	}

	@Override
	public void close() {
		this.running = false;
		try {
			this.thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
