package dev.zmqspring.benchmarks;

import java.nio.charset.StandardCharsets;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The raw JeroMQ side of every benchmark: contexts and sockets created directly on JeroMQ, with
 * exactly the options the starter's socket factory applies by default ({@link ZmqSocketOptions#DEFAULTS}:
 * linger 1 s, send and receive high-water marks 1000, no maximum message size, handshake interval
 * 2 s). The baseline is never weakened: same options, same message sizes, same transports as the
 * starter side.
 */
public final class RawZmq {

	/** The socket options both sides use. */
	public static final ZmqSocketOptions OPTIONS = ZmqSocketOptions.DEFAULTS;

	private RawZmq() {
	}

	/**
	 * A context configured like the starter's auto-configured {@code ZContext} (one I/O thread,
	 * context linger and high-water marks from the {@code zmq.*} defaults).
	 * @return the new context
	 */
	public static ZContext context() {
		ZContext context = new ZContext(1);
		context.setLinger((int) OPTIONS.linger().toMillis());
		context.setSndHWM(OPTIONS.sendHwm());
		context.setRcvHWM(OPTIONS.receiveHwm());
		return context;
	}

	/**
	 * Creates a socket with the starter's default options, as {@code ZmqSocketFactory.create} does.
	 * @param context the context
	 * @param type the socket type
	 * @return the socket, not attached
	 */
	public static ZMQ.Socket socket(ZContext context, SocketType type) {
		ZMQ.Socket socket = context.createSocket(type);
		apply(socket);
		return socket;
	}

	/**
	 * Applies the starter's default options to a socket.
	 * @param socket the socket
	 */
	public static void apply(ZMQ.Socket socket) {
		socket.setLinger(OPTIONS.linger().toMillis());
		socket.setSndHWM(OPTIONS.sendHwm());
		socket.setRcvHWM(OPTIONS.receiveHwm());
		if (OPTIONS.maxMessageSize() >= 0) {
			socket.setMaxMsgSize(OPTIONS.maxMessageSize());
		}
		if (!OPTIONS.handshakeInterval().isZero()) {
			// without it a raw connection can stall 30 s in JeroMQ's handshake race (docs/jeromq.md, "Stalled outgoing connections")
			socket.setHandshakeIvl((int) OPTIONS.handshakeInterval().toMillis());
		}
	}

	/**
	 * Binds to an address (ephemeral TCP ports allowed) and returns the actual endpoint.
	 * @param socket the socket
	 * @param address e.g. {@code tcp://127.0.0.1:*} or {@code inproc://name}
	 * @return the bound endpoint, e.g. {@code tcp://127.0.0.1:41234}
	 */
	public static String bind(ZMQ.Socket socket, String address) {
		if (!socket.bind(address)) {
			throw new IllegalStateException("Could not bind " + address);
		}
		String last = socket.getLastEndpoint();
		return (last != null) ? last : address;
	}

	/**
	 * The bind address for a transport: an ephemeral loopback port, or a fresh inproc name.
	 * @param transport {@code tcp} or {@code inproc}
	 * @param name a name for inproc endpoints
	 * @return the address to bind
	 */
	public static String bindAddress(String transport, String name) {
		return switch (transport) {
			case "tcp" -> "tcp://127.0.0.1:*";
			case "inproc" -> "inproc://bench-" + name + "-" + System.nanoTime();
			default -> throw new IllegalArgumentException("transport must be tcp or inproc: " + transport);
		};
	}

	/**
	 * A payload of the given size, printable ASCII so that the String handlers decode it as-is.
	 * @param size bytes
	 * @return the payload
	 */
	public static byte[] payload(int size) {
		byte[] payload = new byte[size];
		for (int i = 0; i < size; i++) {
			payload[i] = (byte) ('a' + (i % 26));
		}
		return payload;
	}

	/** The payload as a String, for checks. */
	static String text(byte[] payload) {
		return new String(payload, StandardCharsets.UTF_8);
	}

}
