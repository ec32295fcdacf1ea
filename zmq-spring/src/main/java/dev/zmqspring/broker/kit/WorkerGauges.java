package dev.zmqspring.broker.kit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker counts of a broker as health and metrics see them (Guide ch.3 load-balancing broker,
 * ch.4 Paranoid Pirate queue and Majordomo broker): idle workers, busy workers and requests waiting
 * for a worker. The {@code zmq.broker.workers} ({@code state=idle|busy}) and {@code zmq.broker.queued}
 * gauges read these; {@link #putDetails} writes the same numbers as the {@code workers}
 * ({@code idle}, {@code busy}) and {@code queuedRequests} details of every broker. Any thread may
 * call the getters: they read values the broker's actor publishes.
 */
public interface WorkerGauges {

	/** Workers ready for a request. */
	int getIdleWorkers();

	/** Workers handling a request. */
	int getBusyWorkers();

	/** Requests waiting for an idle worker. */
	int getQueuedRequests();

	/**
	 * Adds {@code workers: {idle, busy}} and {@code queuedRequests} to a broker's details.
	 * @param details the details being built
	 * @param gauges the broker
	 */
	static void putDetails(Map<String, Object> details, WorkerGauges gauges) {
		Map<String, Object> workers = new LinkedHashMap<>();
		workers.put("idle", gauges.getIdleWorkers());
		workers.put("busy", gauges.getBusyWorkers());
		details.put("workers", workers);
		details.put("queuedRequests", gauges.getQueuedRequests());
	}

}
