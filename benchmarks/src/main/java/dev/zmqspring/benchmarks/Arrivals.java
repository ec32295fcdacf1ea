package dev.zmqspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts messages arriving at a receiver (one writer thread) and lets the benchmark thread wait
 * until a number has arrived. Used where the sender alone cannot measure delivery: PUB drops instead
 * of blocking at its high-water mark, and a listener's throughput is what it receives. The same
 * instance type is used by the starter handler and the raw loop, so both pay the same.
 *
 * <p>Never waits forever: if no message arrives for {@link #STALL} the wait fails, so a benchmark
 * whose receiver is missing (a feature not on this build) or lost messages reports an error instead
 * of hanging the run.
 */
public final class Arrivals {

	/** How long a wait may see no progress before it fails. */
	public static final Duration STALL = Duration.ofSeconds(5);

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private volatile long count;

	private volatile long receiverThread = -1;

	private volatile long target = Long.MAX_VALUE;

	private volatile Thread waiter;

	private long bytes;

	/**
	 * Records one message; called by the receiving thread only.
	 * @param size the payload size, summed so the payload is really consumed
	 */
	public void arrived(int size) {
		this.bytes += size;
		long now = this.count + 1;
		this.count = now;
		if (now == 1) {
			this.receiverThread = Thread.currentThread().getId();
		}
		if (now >= this.target) {
			Thread thread = this.waiter;
			if (thread != null) {
				LockSupport.unpark(thread);
			}
		}
	}

	/** Messages counted so far. */
	public long count() {
		return this.count;
	}

	/**
	 * CPU time used so far by the thread that counted the first message: the receiving loop or the
	 * listener's actor thread.
	 * @return nanoseconds, or -1 if nothing arrived yet or the thread has ended
	 */
	public long receiverCpuNanos() {
		long thread = this.receiverThread;
		return (thread < 0) ? -1 : THREADS.getThreadCpuTime(thread);
	}

	/** Payload bytes counted so far (read by the receiving thread or after it stopped). */
	public long bytes() {
		return this.bytes;
	}

	/**
	 * Waits until at least {@code n} messages have arrived.
	 * @param n the count to reach
	 * @param what what is being waited for, for the error message
	 * @throws IllegalStateException if nothing arrives for {@link #STALL}
	 */
	public void awaitAtLeast(long n, String what) {
		if (this.count >= n) {
			return;
		}
		this.waiter = Thread.currentThread();
		this.target = n;
		long last = this.count;
		long deadline = System.nanoTime() + STALL.toNanos();
		while (true) {
			long now = this.count;
			if (now >= n) {
				this.target = Long.MAX_VALUE;
				return;
			}
			if (now != last) {
				last = now;
				deadline = System.nanoTime() + STALL.toNanos();
			}
			else if (System.nanoTime() - deadline > 0) {
				this.target = Long.MAX_VALUE;
				throw new IllegalStateException("No progress for " + STALL.toSeconds() + " s waiting for " + what
						+ " (" + now + " of " + n + " arrived): is the receiver running on this build?");
			}
			LockSupport.parkNanos(this, 1_000_000L);
		}
	}

	/**
	 * Waits until the count stops moving for {@code quiet} (used between iterations so that each
	 * iteration starts with empty queues).
	 * @param quiet the quiet period
	 */
	public void awaitQuiet(Duration quiet) {
		long last = this.count;
		long quietSince = System.nanoTime();
		while (System.nanoTime() - quietSince < quiet.toNanos()) {
			LockSupport.parkNanos(this, 5_000_000L);
			long now = this.count;
			if (now != last) {
				last = now;
				quietSince = System.nanoTime();
			}
		}
	}

}
