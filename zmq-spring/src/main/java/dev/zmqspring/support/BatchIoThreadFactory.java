package dev.zmqspring.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.ZMQ;

import zmq.util.function.BiFunction;

/**
 * The thread factory of a JeroMQ context ({@code ZMQ.Context.setThreadFactor}) whose I/O threads run
 * as Linux {@code SCHED_BATCH}: set by {@code zmq.io-thread-scheduling=batch} (Guide ch.2 "I/O
 * threads"; why in {@link LinuxThreadScheduling}).
 *
 * <p>Threads are built exactly as JeroMQ 0.6.0 builds them (daemon, the context's uncaught-exception
 * handler). An I/O thread ({@code iothread-N}) first changes its own policy, once, before JeroMQ's
 * loop starts; the reaper keeps the normal policy. A policy that cannot be applied is logged as a
 * warning naming the property, and the thread runs normally.
 */
public final class BatchIoThreadFactory implements BiFunction<Runnable, String, Thread> {

	private static final Log logger = LogFactory.getLog(BatchIoThreadFactory.class);

	/** JeroMQ's name prefix of I/O threads ({@code iothread-2}, ...; the reaper is {@code reaper-1}). */
	static final String IO_THREAD_PREFIX = "iothread";

	private final ZMQ.Context context;

	private final LinuxThreadScheduling scheduling;

	private final List<LinuxThreadScheduling.Result> results = new CopyOnWriteArrayList<>();

	/**
	 * Creates the factory for one context; install it before the context's first socket.
	 * @param context the context whose threads it builds
	 * @param scheduling how the policy is changed
	 */
	public BatchIoThreadFactory(ZMQ.Context context, LinuxThreadScheduling scheduling) {
		this.context = context;
		this.scheduling = scheduling;
	}

	@Override
	public Thread apply(Runnable loop, String name) {
		Runnable body = name.startsWith(IO_THREAD_PREFIX) ? () -> {
			try {
				batch();
			}
			catch (RuntimeException | LinkageError ex) {
				// whatever happens, JeroMQ's loop must run: without it the context can neither move
				// messages nor terminate
				logger.warn("SCHED_BATCH not applied to JeroMQ I/O thread " + name
						+ ", which keeps the normal policy", ex);
			}
			loop.run();
		} : loop;
		Thread thread = new Thread(body, name);
		thread.setDaemon(true);
		thread.setUncaughtExceptionHandler(this.context.getUncaughtExceptionHandler());
		return thread;
	}

	/**
	 * What happened to each I/O thread started so far (JeroMQ starts them with the first socket).
	 * @return one result per I/O thread
	 */
	public List<LinuxThreadScheduling.Result> getResults() {
		return List.copyOf(this.results);
	}

	private void batch() {
		LinuxThreadScheduling.Result result = this.scheduling.batchCurrentThread();
		// Only JeroMQ holds this thread, so an interrupt during the wait for chrt is stray; JeroMQ's
		// loop must not start with the flag set (its selector would return at once, for ever)
		if (Thread.interrupted()) {
			logger.warn("JeroMQ I/O thread " + result.threadName() + " was interrupted while waiting for chrt; "
					+ "the interrupt is cleared so that JeroMQ's loop can wait");
		}
		this.results.add(result);
		if (result.applied()) {
			logger.info("JeroMQ I/O thread " + result.threadName() + " (tid " + result.threadId()
					+ ") runs as SCHED_BATCH");
		}
		else {
			logger.warn("SCHED_BATCH not applied to JeroMQ I/O thread " + result.threadName()
					+ ", which keeps the normal policy: " + result.detail());
		}
	}

}
