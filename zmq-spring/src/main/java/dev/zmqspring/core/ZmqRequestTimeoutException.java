package dev.zmqspring.core;

import java.time.Duration;

import dev.zmqspring.support.ZmqException;

/**
 * A request got no reply after every Lazy Pirate attempt (Guide ch.4 "Client-Side Reliability").
 * Names the endpoint, the per-attempt timeout and the number of attempts.
 */
public class ZmqRequestTimeoutException extends ZmqException {

	private final String endpoint;

	private final Duration timeout;

	private final int attempts;

	public ZmqRequestTimeoutException(String endpoint, Duration timeout, int attempts) {
		super("No reply from " + endpoint + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + " of "
				+ timeout.toMillis() + " ms each");
		this.endpoint = endpoint;
		this.timeout = timeout;
		this.attempts = attempts;
	}

	/** The endpoint that did not answer. */
	public String getEndpoint() {
		return this.endpoint;
	}

	/** The timeout of each attempt. */
	public Duration getTimeout() {
		return this.timeout;
	}

	/** How many times the request was sent. */
	public int getAttempts() {
		return this.attempts;
	}

}
