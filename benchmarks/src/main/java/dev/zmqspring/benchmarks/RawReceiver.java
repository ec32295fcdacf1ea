package dev.zmqspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A raw JeroMQ receive loop on its own thread, the way the Guide writes one (ch.1 "Divide and
 * Conquer" sink, ch.1 weather client): a blocking {@code recv} in a loop. The socket is created,
 * used and closed by the loop's thread only (ch.2 threading rule). It waits with a 100 ms receive
 * timeout to notice {@link #close()}, or blocks with none when it is the raw listener baseline
 * ({@link WindowedFeed}; {@link RawPeer}).
 *
 * <p>It is both the common sink of the push benchmarks (same code for starter and raw senders) and
 * the raw counterpart of the starter's listeners (same per-message work as the handler methods).
 */
public final class RawReceiver extends RawPeer {

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

	private final SocketType type;

	private final String endpoint;

	private final Mode mode;

	private final String topic;

	private final byte[] buffer;

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
		this(context, type, endpoint, mode, maxSize, topic, (socket) -> {
		});
	}

	/**
	 * Starts a loop whose socket has options of its own (e.g. a CURVE server's keys).
	 * @param context the context to create the socket on
	 * @param type PULL or SUB
	 * @param endpoint {@code @address} to bind or {@code >address} to connect
	 * @param mode the per-message work
	 * @param maxSize the largest message expected (for the reused DRAIN buffer)
	 * @param topic the one topic a SUB subscribes to ({@code ""} = everything)
	 * @param options applied to the socket before it attaches
	 */
	public RawReceiver(ZContext context, SocketType type, String endpoint, Mode mode, int maxSize, String topic,
			Consumer<ZMQ.Socket> options) {
		this.type = type;
		this.endpoint = endpoint;
		this.mode = mode;
		this.topic = topic;
		this.buffer = (mode == Mode.DRAIN) ? new byte[maxSize] : null;
		start(context, type, "raw-" + type + "-" + mode, options);
	}

	/** The messages this loop received. */
	public Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	protected String attach(ZMQ.Socket socket) {
		if (this.type == SocketType.SUB) {
			socket.subscribe(this.topic.getBytes(StandardCharsets.UTF_8));
		}
		if (this.endpoint.startsWith("@")) {
			return RawZmq.bind(socket, this.endpoint.substring(1));
		}
		String actual = this.endpoint.substring(1);
		socket.connect(actual);
		return actual;
	}

	@Override
	protected void serve(ZMQ.Socket socket) {
		switch (this.mode) {
			case DRAIN -> {
				int size = socket.recv(this.buffer, 0, this.buffer.length, 0);
				if (size >= 0) {
					this.arrivals.arrived(size);
				}
			}
			case BYTES -> {
				byte[] body = socket.recv(0);
				if (body != null) {
					this.arrivals.arrived(body.length);
				}
			}
			case STRING -> {
				byte[] body = socket.recv(0);
				if (body != null) {
					this.arrivals.arrived(new String(body, StandardCharsets.UTF_8).length());
				}
			}
			case ENVELOPE -> {
				byte[] first = socket.recv(0);
				if (first != null) {
					byte[] body = socket.hasReceiveMore() ? socket.recv(0) : first;
					this.arrivals.arrived(body.length);
				}
			}
		}
	}

}
