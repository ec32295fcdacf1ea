package dev.zmqspring.benchmarks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Paces a sender against a counting receiver: the sender sends a batch, then waits until all but
 * the last batch have arrived, so at most two batches (500 messages) are in flight. That keeps a
 * PUB below its high-water mark (no silent drops) and makes the measured rate the rate of real
 * delivery. Both sides of a pair use the same window.
 */
public final class Window {

	/**
	 * How long a receiver may take to get its first message. Generous: on a loaded machine a
	 * {@code @ZmqSubscriber} was seen to need more than 5 s now and then (see BENCHMARKS.md).
	 */
	static final Duration HANDSHAKE = Duration.ofSeconds(15);

	/** Messages per batch, and per JMH invocation of the windowed benchmarks. */
	public static final int BATCH = 250;

	private final Arrivals arrivals;

	private long sent;

	/**
	 * Starts a window at the receiver's current count.
	 * @param arrivals the receiver's counter
	 */
	public Window(Arrivals arrivals) {
		this.arrivals = arrivals;
		this.sent = arrivals.count();
	}

	/**
	 * Sends one batch of {@link #BATCH} messages, then waits like {@link #batchSent()}.
	 * @param sendOne sends one message, blocking at the high-water mark
	 */
	public void sendBatch(Runnable sendOne) {
		for (int i = 0; i < BATCH; i++) {
			sendOne.run();
		}
		batchSent();
	}

	/** Call after sending one batch of {@link #BATCH} messages. */
	public void batchSent() {
		this.sent += BATCH;
		this.arrivals.awaitAtLeast(this.sent - BATCH, "the previous batch");
	}

	/** Waits for everything sent so far (between iterations). */
	public void drain() {
		this.arrivals.awaitAtLeast(this.sent, "the last batch");
	}

	/**
	 * Sends single probe messages until the receiver has seen one, so that connections and
	 * subscriptions are up before measuring (Guide ch.2 "slow joiner"), then lets the line go quiet.
	 * @param arrivals the receiver's counter
	 * @param sendOne sends one message without blocking, returns whether it was queued
	 * @param what the receiver, for the error message
	 * @throws IllegalStateException if nothing arrives within {@link #HANDSHAKE}
	 */
	public static void handshake(Arrivals arrivals, BooleanSupplier sendOne, String what) {
		long deadline = System.nanoTime() + HANDSHAKE.toNanos();
		while (arrivals.count() == 0) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException(what + " received nothing within " + HANDSHAKE.toSeconds()
						+ " s: is it running on this build?");
			}
			sendOne.getAsBoolean();
			LockSupport.parkNanos(10_000_000L);
		}
		arrivals.awaitQuiet(Duration.ofMillis(100));
	}

}
