package dev.zmqspring.support;

/**
 * How many connections one socket that binds tcp or ipc keeps open at once, in all and from one peer
 * address (Guide ch.2 "Handling Errors and ETERM", ch.4 "Reliable Request-Reply": a server must not let
 * one misbehaving client take the resources every client shares). JeroMQ 0.6.0 has no such limit: it
 * accepts whatever arrives, and it keeps a connection whose peer sent a complete greeting (or a forged
 * CURVE {@code HELLO}, answered with {@code ERROR}) and then nothing, until the peer leaves. A
 * connection over a limit is cut when the socket monitor reports it (within a second), counted as
 * {@code zmq.connections.refused}.
 *
 * @param maxConnections the most connections the socket keeps open at once, 0 for no limit
 * @param maxPerAddress the most of them from one peer IP address, 0 for no limit
 */
public record ZmqConnectionLimits(int maxConnections, int maxPerAddress) {

	/** The defaults of {@code zmq.bound-max-connections} and {@code zmq.bound-max-connections-per-address}. */
	public static final ZmqConnectionLimits DEFAULTS = new ZmqConnectionLimits(10_000, 1_024);

	public ZmqConnectionLimits {
		if (maxConnections < 0 || maxPerAddress < 0) {
			throw new IllegalArgumentException("connection limits must be >= 0");
		}
	}

	/**
	 * Whether a connection just accepted is over a limit.
	 * @param open the socket's open connections, this one included
	 * @param fromAddress those from this one's peer address, this one included
	 * @return whether to cut it
	 */
	public boolean refuses(int open, int fromAddress) {
		return (this.maxConnections > 0 && open > this.maxConnections)
				|| (this.maxPerAddress > 0 && fromAddress > this.maxPerAddress);
	}

}
