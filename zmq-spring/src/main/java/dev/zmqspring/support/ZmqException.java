package dev.zmqspring.support;

/**
 * Base class of every exception the starter throws. Unchecked, like Spring's data-access and
 * messaging exceptions: ZeroMQ failures are rarely recoverable at the call site.
 */
public class ZmqException extends RuntimeException {

	public ZmqException(String message) {
		super(message);
	}

	public ZmqException(String message, Throwable cause) {
		super(message, cause);
	}

}
