package dev.zmqspring.broker.internal;

import dev.zmqspring.support.internal.ByteKey;

/**
 * A worker a broker knows (the entry of lbbroker's worker queue in Guide ch.3, {@code worker_t} of
 * ppqueue and mdbroker in ch.4): its routing identity, the deadline by which the broker must hear
 * from it again, and its place in an {@link IdleWorkers} list while it waits for a request. Brokers
 * that need more (the Majordomo service it serves) subclass it. Owned by one {@link WorkerRegistry},
 * used on its broker's actor thread only.
 */
public class RegisteredWorker {

	private final ByteKey identity;

	private final byte[] address;

	long expiry = Long.MAX_VALUE;

	/** The idle list this worker waits on, {@code null} while busy. */
	IdleWorkers<?> idleOn;

	RegisteredWorker previous;

	RegisteredWorker next;

	/**
	 * Creates a worker, busy until it is made {@link WorkerRegistry#ready ready}.
	 * @param identity its routing identity, immutable ({@link WorkerRegistry#newKey()})
	 */
	public RegisteredWorker(ByteKey identity) {
		this.identity = identity;
		this.address = identity.bytes();
	}

	/** The routing identity (the map key). */
	public final ByteKey identity() {
		return this.identity;
	}

	/** The routing identity as the frame a ROUTER sends first (never modify it). */
	public final byte[] address() {
		return this.address;
	}

	/** The time by which the broker must hear from this worker, {@link Long#MAX_VALUE} if never set. */
	public final long expiry() {
		return this.expiry;
	}

	/** Whether the worker waits on an idle list. */
	public final boolean isIdle() {
		return this.idleOn != null;
	}

	@Override
	public String toString() {
		return this.identity.toString();
	}

}
