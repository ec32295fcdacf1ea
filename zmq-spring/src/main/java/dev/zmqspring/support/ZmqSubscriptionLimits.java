package dev.zmqspring.support;

import dev.zmqspring.support.internal.ZmqSubscriptionGuard;

/**
 * What the subscriptions of the peers of one bound publisher (a PUB or XPUB socket that binds tcp or
 * ipc) may cost, checked before JeroMQ's subscription trie sees them ({@link ZmqSubscriptionGuard}).
 * Guide ch.2 "Pub-Sub Message Envelopes" and ch.5 "Pub-Sub Tracing (Espresso Pattern)": a publisher
 * (or an XPUB proxy) keeps every subscription its subscribers send, in memory, for as long as they
 * stay connected; without limits one peer can make it keep anything.
 *
 * <p>The defaults serve thousands of topics per subscriber and bound the worst case (docs/network.md
 * states it as measured): JeroMQ 0.6.0 adds a prefix with one recursive call per byte (a 6.5 KB prefix
 * overflows a 1 MB thread stack in interpreted code) and keeps about 60 bytes of heap per byte of a
 * prefix that shares nothing with others.
 *
 * @param maxLength the longest subscription prefix accepted, in bytes (at most
 * {@link #MAX_SAFE_LENGTH})
 * @param maxPerConnection how many distinct subscriptions one connection may hold
 * @param maxPerSocket how many subscriptions all connections of the socket may hold together
 * @param maxBytes how many bytes the socket's distinct subscription prefixes may add up to
 */
public record ZmqSubscriptionLimits(int maxLength, int maxPerConnection, int maxPerSocket, long maxBytes) {

	/**
	 * The longest prefix the starter lets a user configure: 4 KB. Measured on JeroMQ 0.6.0 with a
	 * 1 MB thread stack: a 6 KB prefix is the longest that both the owning thread and JeroMQ's
	 * reaper survive in interpreted code (6.5 KB overflows); compiled code survives 10 KB.
	 */
	public static final int MAX_SAFE_LENGTH = 4096;

	/** The defaults of {@code zmq.subscriptions.*}: 1 KB, 10,000, 50,000 and 256 KB. */
	public static final ZmqSubscriptionLimits DEFAULTS = new ZmqSubscriptionLimits(1024, 10_000, 50_000, 256 * 1024);

	public ZmqSubscriptionLimits {
		if (maxLength < 0 || maxLength > MAX_SAFE_LENGTH) {
			throw new IllegalArgumentException(
					"max-length must be between 0 and " + MAX_SAFE_LENGTH + " bytes but was " + maxLength);
		}
		if (maxPerConnection < 0 || maxPerSocket < 0 || maxBytes < 0) {
			throw new IllegalArgumentException("subscription limits must be >= 0");
		}
	}

}
