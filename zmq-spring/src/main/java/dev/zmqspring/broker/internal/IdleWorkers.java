package dev.zmqspring.broker.internal;

/**
 * A least-recently-used list of idle workers (Guide ch.3 "A Load Balancing Message Broker": the
 * worker that has waited longest gets the next request; ch.4 mdbroker keeps one per service). An
 * intrusive doubly linked list: appending, taking the first and removing a worker from the middle
 * (it died or became unreachable) are O(1) and allocate nothing. Changed only through its
 * {@link WorkerRegistry}, which keeps the idle count for health.
 * @param <W> the worker type
 */
public final class IdleWorkers<W extends RegisteredWorker> {

	private RegisteredWorker first;

	private RegisteredWorker last;

	private int size;

	/** The worker idle longest, or {@code null}. It stays idle until taken. */
	@SuppressWarnings("unchecked")
	public W first() {
		return (W) this.first;
	}

	/** How many workers wait. */
	public int size() {
		return this.size;
	}

	/** Whether no worker waits. */
	public boolean isEmpty() {
		return this.size == 0;
	}

	void append(RegisteredWorker worker) {
		worker.idleOn = this;
		worker.previous = this.last;
		worker.next = null;
		if (this.last != null) {
			this.last.next = worker;
		}
		else {
			this.first = worker;
		}
		this.last = worker;
		this.size++;
	}

	void unlink(RegisteredWorker worker) {
		if (worker.previous != null) {
			worker.previous.next = worker.next;
		}
		else {
			this.first = worker.next;
		}
		if (worker.next != null) {
			worker.next.previous = worker.previous;
		}
		else {
			this.last = worker.previous;
		}
		worker.previous = null;
		worker.next = null;
		worker.idleOn = null;
		this.size--;
	}

}
