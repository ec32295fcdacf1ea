package dev.zmqspring.autoconfigure;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.ZContext;

/**
 * The auto-configured {@link ZContext} (Guide ch.1 "Getting the Context Right"): an ordinary
 * {@code ZContext} whose {@link #close()} waits at most {@code zmq.shutdown-timeout} for JeroMQ's
 * context termination, so that an application's shutdown can never hang on it.
 *
 * <p>Why: {@code Ctx.term()} waits until JeroMQ's reaper thread has destroyed every socket, and in
 * JeroMQ 0.6.0 that thread can die. When both ends of an inproc pipe are closed at about the same
 * time, the reaper may send a pipe-termination acknowledgement to a socket that is already gone
 * ({@code NullPointerException} in {@code Ctx.sendCommand}, then an {@code AssertionError} in
 * {@code Pipe.processPipeTermAck}), and {@code term()} then waits forever. Reproduced here about once
 * in 300 closes of a context with an inproc publisher and its subscriber, on a loaded machine, before
 * and after the starter's receiver registrations. The termination runs on a daemon thread; if it has not
 * finished in time, a warning says so and the shutdown goes on (the stuck thread never blocks the
 * JVM's exit). The context's sockets are all closed by then: every component closes its own sockets
 * on its own thread before the context is destroyed.
 */
final class BoundedZContext extends ZContext {

	private static final Log logger = LogFactory.getLog(BoundedZContext.class);

	private final Duration closeTimeout;

	/**
	 * Creates the context.
	 * @param ioThreads JeroMQ I/O threads
	 * @param closeTimeout the longest {@link #close()} waits for JeroMQ's termination (zero: no limit)
	 */
	BoundedZContext(int ioThreads, Duration closeTimeout) {
		super(ioThreads);
		this.closeTimeout = closeTimeout;
	}

	@Override
	public void close() {
		if (this.closeTimeout.isZero()) {
			super.close(); // zmq.shutdown-timeout=0: no limit
			return;
		}
		Thread termination = new Thread(super::close, "zmq-context-close");
		termination.setDaemon(true);
		termination.start();
		boolean interrupted = false;
		long deadline = System.nanoTime() + this.closeTimeout.toNanos();
		while (termination.isAlive()) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				logger.warn("ZeroMQ context did not terminate within " + this.closeTimeout
						+ " (zmq.shutdown-timeout); shutdown continues without it. JeroMQ 0.6.0's reaper thread can die "
						+ "when both ends of an inproc pipe close together (see docs/jeromq.md)");
				break;
			}
			try {
				termination.join(Math.max(1, remaining / 1_000_000));
			}
			catch (InterruptedException ex) {
				interrupted = true; // finish waiting; the caller's flag is restored below
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
