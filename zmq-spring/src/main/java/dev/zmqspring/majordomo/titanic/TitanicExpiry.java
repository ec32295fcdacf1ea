package dev.zmqspring.majordomo.titanic;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
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
 * <p>A part of Titanic's actor, not a thread of its own. At start it deletes the temporary files a
 * crash left and every request that expired while Titanic was down, before the dispatcher resumes
 * the stored ones, so an expired request is never sent again. Then it sweeps the store on the
 * actor's timer every tenth of the expiry, at least once a minute: a sweep walks the directory
 * {@value #FILES_PER_ROUND} files per timer round, removing what expired, so neither a large store
 * nor a burst of expiries keeps the actor from its sockets (its Majordomo workers' heartbeats) for
 * long, and tells the dispatcher to drop what it removed.
 */
final class TitanicExpiry implements ZmqActorBehavior {

	/**
	 * Files a sweep looks at per timer round: a few milliseconds each (measured: looking at 15,000
	 * files took 0.15 to 0.6 s, 150,000 files 1.3 to 3 s, on a busy 2-core machine).
	 */
	static final int FILES_PER_ROUND = 512;

	private static final Log logger = LogFactory.getLog(TitanicExpiry.class);

	private static final long LONGEST_SWEEP_MILLIS = Duration.ofMinutes(1).toMillis();

	private static final long SHORTEST_SWEEP_MILLIS = 10;

	private final TitanicStore store;

	private final TitanicDispatcher dispatcher;

	private final long expiryMillis;

	private final long sweepMillis;

	/** The sweep under way, or {@code null} between sweeps. */
	private DirectoryStream<Path> sweep;

	private Iterator<Path> cursor;

	private long cutoff;

	private long removedBySweep;

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
		// the whole store at once, before the dispatcher opens and resumes what is stored
		long now = System.currentTimeMillis();
		begin(now);
		while (this.sweep != null) {
			step(now, Integer.MAX_VALUE);
		}
	}

	@Override
	public long nextTimerMillis() {
		return this.nextSweep;
	}

	@Override
	public void onTimer(long now) {
		if (this.sweep == null) {
			begin(now);
		}
		if (this.sweep != null) {
			step(now, FILES_PER_ROUND);
		}
	}

	@Override
	public void onClose() {
		end();
	}

	private void begin(long now) {
		// what was stored at or before this moment minus the expiry, for the whole sweep
		this.cutoff = now - this.expiryMillis;
		this.nextSweep = now + this.sweepMillis;
		try {
			this.sweep = this.store.files();
			this.cursor = this.sweep.iterator();
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	/** Looks at up to {@code limit} files and removes those expired. */
	private void step(long now, int limit) {
		List<String> removed = new ArrayList<>();
		try {
			for (int i = 0; i < limit && this.cursor.hasNext(); i++) {
				String id = this.store.expiredId(this.cursor.next(), this.cutoff);
				if (id != null && this.store.expire(id)) {
					removed.add(id);
				}
			}
		}
		catch (RuntimeException ex) {
			// a directory that cannot be read (DirectoryIteratorException) fails this sweep, not Titanic
			failed(ex);
		}
		if (!removed.isEmpty()) {
			this.dispatcher.forget(removed);
			this.expired += removed.size();
			this.removedBySweep += removed.size();
		}
		if (this.sweep == null) {
			return;
		}
		if (this.cursor.hasNext()) {
			// more to look at: go on right after the loop has served its sockets
			this.nextSweep = now;
			return;
		}
		end();
		if (this.removedBySweep > 0) {
			logger.info("Titanic in " + this.store.directory() + " removed " + this.removedBySweep
					+ " request(s) nobody closed within " + Duration.ofMillis(this.expiryMillis));
			this.removedBySweep = 0;
		}
		this.nextSweep = now + this.sweepMillis;
	}

	private void failed(RuntimeException ex) {
		logger.warn("Titanic could not sweep " + this.store.directory() + " for expired requests; it tries again in "
				+ this.sweepMillis + " ms", ex);
		end();
		this.nextSweep = System.currentTimeMillis() + this.sweepMillis;
	}

	private void end() {
		DirectoryStream<Path> sweep = this.sweep;
		this.sweep = null;
		this.cursor = null;
		if (sweep != null) {
			try {
				sweep.close();
			}
			catch (IOException ex) {
				// nothing was written through it
			}
		}
	}

}
