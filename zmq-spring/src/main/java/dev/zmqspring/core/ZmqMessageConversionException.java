package dev.zmqspring.core;

import dev.zmqspring.support.ZmqException;

/**
 * A payload could not be converted to or from a ZeroMQ frame. Thrown before anything is sent, so a
 * failed conversion never puts a partial message on the wire.
 */
public class ZmqMessageConversionException extends ZmqException {

	public ZmqMessageConversionException(String message) {
		super(message);
	}

	public ZmqMessageConversionException(String message, Throwable cause) {
		super(message, cause);
	}

}
