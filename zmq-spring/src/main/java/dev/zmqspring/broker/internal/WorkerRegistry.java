package dev.zmqspring.broker.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import dev.zmqspring.support.internal.ByteKey;

import zmq.Msg;

/**
 * The workers a broker knows (Guide ch.3 lbbroker, ch.4 ppqueue and mdbroker): looked up by routing
 * identity, kept on least-recently-used {@link IdleWorkers idle lists} while they wait, given a
 * heartbeat deadline (ch.4 "Heartbeating": {@code heartbeat-interval × heartbeat-liveness}), swept
 * when it passes, and counted for health and the {@code zmq.broker.workers} gauges
 * ({@link #size()}, {@link #idleCount()}, {@link #busyCount()}).
 *
 * <p>Hot path: {@link #find(byte[])} and {@link #find(Msg)} look up through one reusable
 * {@link ByteKey} probe, so a message costs no key and no {@code String}; a new worker's key is a
 * copy of that probe ({@link #newKey()}), made once when it registers. Idle-list changes are O(1).
 * Used on the broker's actor thread only.
 * @param <W> the worker type
 */
public final class WorkerRegistry<W extends RegisteredWorker> {

	/** What {@link #sweep} calls for each worker. */
	public interface Sweep<W extends RegisteredWorker> {

		/**
		 * The worker missed its deadline and has been removed.
		 * @param worker the dead worker
		 */
		void expired(W worker);

		/**
		 * The worker is alive: send it a heartbeat if one is due.
		 * @param worker the worker
		 * @param now the time of the sweep
		 * @return {@code false} if it could not be reached; it is then removed and
		 * {@link #unreachable} is called
		 */
		boolean heartbeat(W worker, long now);

		/**
		 * The worker could not be reached and has been removed.
		 * @param worker the worker
		 */
		default void unreachable(W worker) {
		}

	}

	private final Map<ByteKey, W> workers = new HashMap<>();

	private final Collection<W> view = Collections.unmodifiableCollection(this.workers.values());

	private final ByteKey probe = new ByteKey();

	private final long expiryMillis;

	private int idle;

	/**
	 * Creates an empty registry.
	 * @param expiryMillis how long a worker may stay silent ({@code interval × liveness}); any value
	 * for brokers without heartbeats
	 */
	public WorkerRegistry(long expiryMillis) {
		this.expiryMillis = expiryMillis;
	}

	/**
	 * The registered worker with this identity, or {@code null}. Allocates nothing.
	 * @param identity the routing identity
	 * @return the worker or {@code null}
	 */
	public W find(byte[] identity) {
		return this.workers.get(this.probe.set(identity));
	}

	/**
	 * The registered worker with this identity frame, or {@code null}. Allocates nothing.
	 * @param identity the routing identity frame
	 * @return the worker or {@code null}
	 */
	public W find(Msg identity) {
		return this.workers.get(this.probe.set(identity));
	}

	/** The identity of the last {@link #find}: a mutable probe, valid until the next find (copy to keep). */
	public ByteKey probe() {
		return this.probe;
	}

	/** An immutable copy of the identity of the last {@link #find}, for a new worker. */
	public ByteKey newKey() {
		return this.probe.copy();
	}

	/**
	 * Registers a worker (busy until {@link #ready}), replacing none: look it up first.
	 * @param worker the new worker
	 * @return the worker
	 */
	public W register(W worker) {
		this.workers.put(worker.identity(), worker);
		return worker;
	}

	/**
	 * Forgets a worker (dead, gone, unreachable or in breach of the protocol).
	 * @param worker the worker
	 * @return {@code false} if it was not registered
	 */
	public boolean remove(W worker) {
		if (this.workers.remove(worker.identity()) == null) {
			return false;
		}
		busy(worker);
		return true;
	}

	/**
	 * The broker heard from the worker: its deadline moves to {@code now + expiry}.
	 * @param worker the worker
	 * @param now the current time
	 */
	public void alive(W worker, long now) {
		worker.expiry = now + this.expiryMillis;
	}

	/**
	 * The worker waits for work: appended to the end of the idle list (least recently used first),
	 * unless it already waits.
	 * @param worker the worker
	 * @param list its idle list
	 */
	public void ready(W worker, IdleWorkers<W> list) {
		if (worker.idleOn == null) {
			list.append(worker);
			this.idle++;
		}
	}

	/**
	 * The worker no longer waits (it got a request, or it is being removed).
	 * @param worker the worker
	 */
	public void busy(W worker) {
		IdleWorkers<?> list = worker.idleOn;
		if (list != null) {
			list.unlink(worker);
			this.idle--;
		}
	}

	/**
	 * Takes the worker that has waited longest; it is busy from now on.
	 * @param list the idle list
	 * @return the worker, or {@code null} if none waits
	 */
	public W takeIdle(IdleWorkers<W> list) {
		W worker = list.first();
		if (worker != null) {
			busy(worker);
		}
		return worker;
	}

	/**
	 * Removes every worker whose deadline has passed and lets the others heartbeat (Guide ch.4
	 * ppqueue's and mdbroker's purge), in one pass over the registry.
	 * @param now the current time
	 * @param sweep what to do with each worker
	 * @return how many workers were removed
	 */
	public int sweep(long now, Sweep<W> sweep) {
		int removed = 0;
		for (Iterator<W> it = this.workers.values().iterator(); it.hasNext();) {
			W worker = it.next();
			if (worker.expiry < now) {
				it.remove();
				busy(worker);
				removed++;
				sweep.expired(worker);
			}
			else if (!sweep.heartbeat(worker, now)) {
				it.remove();
				busy(worker);
				removed++;
				sweep.unreachable(worker);
			}
		}
		return removed;
	}

	/** All registered workers (a live, read-only view; do not change the registry while iterating). */
	public Collection<W> workers() {
		return this.view;
	}

	/** How many workers are registered. */
	public int size() {
		return this.workers.size();
	}

	/** How many registered workers wait on an idle list. */
	public int idleCount() {
		return this.idle;
	}

	/** How many registered workers do not wait (handling a request). */
	public int busyCount() {
		return this.workers.size() - this.idle;
	}

	/** Forgets every worker. */
	public void clear() {
		for (W worker : this.workers.values()) {
			busy(worker);
		}
		this.workers.clear();
	}

}
