package dev.zmqspring.proxy;

import org.zeromq.SocketType;

/**
 * The proxies: the three stateless devices of Guide ch.2 ("ZeroMQ's Built-In Proxy Function") and
 * the last value cache of ch.5, each a pair of socket types.
 */
public enum ZmqProxyType {

	/** Pub-sub forwarder: XSUB frontend (towards publishers), XPUB backend (towards subscribers). */
	FORWARDER(SocketType.XSUB, SocketType.XPUB),

	/** Shared request-reply queue: ROUTER frontend (clients), DEALER backend (services). */
	QUEUE(SocketType.ROUTER, SocketType.DEALER),

	/** Pipeline streamer: PULL frontend (upstream), PUSH backend (downstream); one way only. */
	STREAMER(SocketType.PULL, SocketType.PUSH),

	/**
	 * Last value cache (Guide ch.5 lvcache): a forwarder whose verbose XPUB sees every subscription
	 * and answers it at once with the last message of each matching topic.
	 */
	LAST_VALUE_CACHE(SocketType.XSUB, SocketType.XPUB);

	private final SocketType frontend;

	private final SocketType backend;

	ZmqProxyType(SocketType frontend, SocketType backend) {
		this.frontend = frontend;
		this.backend = backend;
	}

	/** The frontend socket type. */
	public SocketType frontend() {
		return this.frontend;
	}

	/** The backend socket type. */
	public SocketType backend() {
		return this.backend;
	}

	/** Whether messages also flow from backend to frontend (replies, subscriptions). */
	public boolean isBidirectional() {
		return this != STREAMER;
	}

}
