package dev.zmqspring.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.ZContext;

/**
 * What died in one {@link ZContext}: JeroMQ's own threads (the reaper and the I/O threads, whose
 * death silently breaks every socket of the context) and the starter's actors (Guide ch.2
 * "Multithreading with ZeroMQ": one thread per looping component) that failed after they started.
 * The health contributor's {@code context} component is DOWN as soon as anything is recorded here, so
 * a dead publisher, relay or JeroMQ thread cannot hide behind components that still report UP.
 *
 * <p>Installed as the context's uncaught-exception handler by {@link #watch(ZContext)} (it keeps the
 * handler that was there and calls it too), which JeroMQ allows only before it starts its threads with
 * the first socket: a context that already has sockets when its first factory is made reports the
 * actors' failures only.
 * Keeps the first {@value #KEPT} failures; counts all. Thread-safe.
 */
public final class ZmqFailures implements Thread.UncaughtExceptionHandler {

	private static final Log logger = LogFactory.getLog(ZmqFailures.class);

	private static final int KEPT = 50;

	private final Thread.UncaughtExceptionHandler previous;

	private final List<Failure> failures = new ArrayList<>();

	private long count;

	private ZmqFailures(Thread.UncaughtExceptionHandler previous) {
		this.previous = previous;
	}

	/**
	 * The failures of a context, installed as its uncaught-exception handler unless one is already.
	 * @param context the context
	 * @return its failures
	 */
	public static ZmqFailures watch(ZContext context) {
		synchronized (context) {
			Thread.UncaughtExceptionHandler handler = context.getUncaughtExceptionHandler();
			if (handler instanceof ZmqFailures failures) {
				return failures;
			}
			ZmqFailures failures = new ZmqFailures(handler);
			try {
				context.setUncaughtExceptionHandler(failures);
			}
			catch (IllegalStateException ex) {
				// JeroMQ's threads already run (a socket was created before the first factory): they keep
				// their handler, so only the actors' failures are recorded for this context
				logger.debug("ZContext already started: deaths of JeroMQ's threads are not recorded", ex);
			}
			return failures;
		}
	}

	/** A JeroMQ thread of the context died. */
	@Override
	public void uncaughtException(Thread thread, Throwable error) {
		record("JeroMQ thread '" + thread.getName() + "'", error);
		logger.error("JeroMQ thread '" + thread.getName() + "' died: the sockets of its ZContext may no longer work "
				+ "(health: zmq.context DOWN)", error);
		if (this.previous != null) {
			this.previous.uncaughtException(thread, error);
		}
	}

	/**
	 * An actor failed after it started and stopped.
	 * @param name the actor's name
	 * @param error why
	 */
	public void actorFailed(String name, Throwable error) {
		record("component '" + name + "'", error);
	}

	private synchronized void record(String where, Throwable error) {
		this.count++;
		if (this.failures.size() < KEPT) {
			this.failures.add(new Failure(where, error.getClass().getName(), String.valueOf(error.getMessage()),
					Instant.now()));
		}
	}

	/** The failures recorded so far (the first {@value #KEPT}). */
	public synchronized List<Failure> getFailures() {
		return List.copyOf(this.failures);
	}

	/** How many failures were recorded. */
	public synchronized long getCount() {
		return this.count;
	}

	/**
	 * One thing that died.
	 * @param where the JeroMQ thread or the component
	 * @param error the class of what was thrown
	 * @param message its message
	 * @param at when
	 */
	public record Failure(String where, String error, String message, Instant at) {
	}

}
