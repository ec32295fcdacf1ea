package dev.zmqspring.majordomo.titanic;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;

/**
 * Keeps Titanic's store (Guide ch.4 "Disconnected Reliability (Titanic Pattern)", spec 9/TSP) from
 * growing without bound. TSP has no end for a request its client never closes, such as the orphan
 * of a {@code titanic.request} retried after its acknowledgement was lost: the client only learns
 * the last id. So a request, answered or not, is removed with its reply once it is older than the
 * request expiry.
 *
 * <p>A part of Titanic's actor, not a thread of its own: at start it deletes the temporary files a
 * crash left and the requests that expired while Titanic was down (before the dispatcher resumes the
 * stored ones, so an expired request is never sent again), then it sweeps the store on the actor's
 * timer every tenth of the expiry, at least once a minute, and tells the dispatcher to drop what it
 * removed.
 */
final class TitanicExpiry implements ZmqActorBehavior {

	private static final Log logger = LogFactory.getLog(TitanicExpiry.class);

	private static final long LONGEST_SWEEP_MILLIS = Duration.ofMinutes(1).toMillis();

	private static final long SHORTEST_SWEEP_MILLIS = 10;

	private final TitanicStore store;

	private final TitanicDispatcher dispatcher;

	private final long expiryMillis;

	private final long sweepMillis;

	private long nextSweep = -1;

	private volatile long expired;

	private volatile int temporaryFilesRemoved;

	/**
	 * Creates the expiry.
	 * @param store the store to sweep
	 * @param dispatcher the dispatcher to tell which queued requests are gone
	 * @param expiry how long a request is kept after it was stored
	 */
	TitanicExpiry(TitanicStore store, TitanicDispatcher dispatcher, Duration expiry) {
		if (expiry.isNegative() || expiry.isZero()) {
			throw new IllegalArgumentException("Titanic's request expiry must be positive, not " + expiry);
		}
		this.store = store;
		this.dispatcher = dispatcher;
		this.expiryMillis = expiry.toMillis();
		this.sweepMillis = Math.min(LONGEST_SWEEP_MILLIS, Math.max(SHORTEST_SWEEP_MILLIS, this.expiryMillis / 10));
	}

	/** Requests removed because they expired, since start. */
	long expired() {
		return this.expired;
	}

	/** Temporary files a crash left, deleted at start. */
	int temporaryFilesRemoved() {
		return this.temporaryFilesRemoved;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		int removed = this.store.removeTemporaryFiles();
		this.temporaryFilesRemoved = removed;
		if (removed > 0) {
			logger.info("Titanic in " + this.store.directory() + " deleted " + removed
					+ " temporary file(s) of writes a crash interrupted (never acknowledged)");
		}
		sweep(System.currentTimeMillis());
	}

	@Override
	public long nextTimerMillis() {
		return this.nextSweep;
	}

	@Override
	public void onTimer(long now) {
		sweep(now);
	}

	private void sweep(long now) {
		this.nextSweep = now + this.sweepMillis;
		List<String> ids;
		try {
			ids = this.store.expire(now - this.expiryMillis);
		}
		catch (RuntimeException ex) {
			logger.warn("Titanic could not sweep " + this.store.directory() + " for expired requests; it tries again in "
					+ this.sweepMillis + " ms", ex);
			return;
		}
		if (!ids.isEmpty()) {
			this.dispatcher.forget(ids);
			this.expired += ids.size();
			logger.info("Titanic in " + this.store.directory() + " removed " + ids.size()
					+ " request(s) nobody closed within " + Duration.ofMillis(this.expiryMillis));
		}
	}

}
