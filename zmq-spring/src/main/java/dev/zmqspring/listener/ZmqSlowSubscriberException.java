package dev.zmqspring.listener;

import dev.zmqspring.support.ZmqException;

/**
 * Ends a subscriber whose {@link ZmqSlowSubscriberPolicy} says {@code FAIL} when it falls behind
 * (Guide ch.5, Suicidal Snail): the listener's actor ends in the FAILED state.
 */
public class ZmqSlowSubscriberException extends ZmqException {

	/**
	 * Creates the exception.
	 * @param message what lagged by how much
	 */
	public ZmqSlowSubscriberException(String message) {
		super(message);
	}

}
