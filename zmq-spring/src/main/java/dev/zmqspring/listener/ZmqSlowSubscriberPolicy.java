package dev.zmqspring.listener;

import java.time.Duration;

/**
 * What a subscriber does when it falls behind (Guide ch.5 "Slow Subscriber Detection (Suicidal Snail
 * Pattern)"): messages carry a {@link dev.zmqspring.support.ZmqPublishStamp}; when one arrives more
 * than {@code maxLag} after it was published, the subscriber publishes a {@link ZmqSlowSubscriberEvent}
 * and applies the action.
 *
 * @param maxLag the largest lag tolerated
 * @param action what to do beyond it
 */
public record ZmqSlowSubscriberPolicy(Duration maxLag, Action action) {

	public ZmqSlowSubscriberPolicy {
		if (maxLag.isNegative() || maxLag.isZero()) {
			throw new IllegalArgumentException("maxLag must be positive but was " + maxLag);
		}
	}

	/** What a lagging subscriber does. */
	public enum Action {

		/** Logs a warning (once per episode of lag) and carries on. */
		LOG,

		/** Stops the listener, as the Guide's snail kills itself; the registry can start it again. */
		STOP,

		/** Ends the listener in the FAILED state: its health is DOWN until it is started again. */
		FAIL

	}

}
