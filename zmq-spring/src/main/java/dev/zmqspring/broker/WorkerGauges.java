package dev.zmqspring.broker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker counts of a broker as health and metrics see them (Guide ch.3 load-balancing broker,
 * ch.4 Paranoid Pirate queue and Majordomo broker): idle workers, busy workers and requests waiting
 * for a worker. The broker's actor {@link #publish publishes} them once per batch (three volatile
 * writes, from its worker registry); any thread reads them. The {@code zmq.broker.workers}
 * ({@code state=idle|busy}) and {@code zmq.broker.queued} gauges read every {@link Source}, and
 * {@link #putDetails} writes the same numbers as the {@code workers} ({@code idle}, {@code busy}) and
 * {@code queuedRequests} details of every broker.
 */
public final class WorkerGauges {

	/** A broker that has worker gauges. */
	public interface Source {

		/** The running broker's gauges, {@link #NONE} when it is not running. */
		WorkerGauges getWorkerGauges();

	}

	/** The gauges of a broker that is not running: all zero, never published. */
	public static final WorkerGauges NONE = new WorkerGauges();

	private volatile int idleWorkers;

	private volatile int busyWorkers;

	private volatile int queuedRequests;

	/**
	 * Publishes the counts (broker actor only).
	 * @param idle workers ready for a request
	 * @param busy workers handling a request
	 * @param queued how many requests wait for a worker
	 */
	public void publish(int idle, int busy, int queued) {
		if (this == NONE) {
			throw new IllegalStateException("NONE is not published");
		}
		this.idleWorkers = idle;
		this.busyWorkers = busy;
		this.queuedRequests = queued;
	}

	/** Workers ready for a request. */
	public int idleWorkers() {
		return this.idleWorkers;
	}

	/** Workers handling a request. */
	public int busyWorkers() {
		return this.busyWorkers;
	}

	/** Requests waiting for an idle worker. */
	public int queuedRequests() {
		return this.queuedRequests;
	}

	/**
	 * Adds {@code workers: {idle, busy}} and {@code queuedRequests} to a broker's details.
	 * @param details the details being built
	 */
	public void putDetails(Map<String, Object> details) {
		Map<String, Object> workers = new LinkedHashMap<>();
		workers.put("idle", idleWorkers());
		workers.put("busy", busyWorkers());
		details.put("workers", workers);
		details.put("queuedRequests", queuedRequests());
	}

}
