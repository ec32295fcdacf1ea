package dev.zmqspring.core.internal;

import java.time.Duration;

/**
 * How long each attempt of a request waits and how many times a timed-out request is sent again:
 * the retry half of the Lazy Pirate client (Guide ch.4 "Client-Side Reliability"). Both halves of the
 * request-reply engine take it, {@link LazyPirateRequester} on the calling thread and
 * {@link AsyncRequestEngine} on an actor; which server each attempt goes to is the
 * {@link ZmqFailoverPolicy}.
 *
 * @param timeout how long each attempt waits for its reply; positive
 * @param retries how many times a timed-out request is resent; at least 0 (so 3 retries = 4 attempts)
 */
public record ZmqRetryPolicy(Duration timeout, int retries) {

	/** The Guide's Lazy Pirate defaults: 2.5 s per attempt, 3 retries. */
	public static final ZmqRetryPolicy LAZY_PIRATE = new ZmqRetryPolicy(Duration.ofMillis(2500), 3);

	/**
	 * Checks the policy.
	 * @throws IllegalArgumentException if the timeout is not positive or the retries negative
	 */
	public ZmqRetryPolicy {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("requestTimeout must be positive but was " + timeout);
		}
		if (retries < 0) {
			throw new IllegalArgumentException("requestRetries must be >= 0 but was " + retries);
		}
	}

	/** How many times a request is sent at most: the first attempt and the retries. */
	public int attempts() {
		return this.retries + 1;
	}

}
