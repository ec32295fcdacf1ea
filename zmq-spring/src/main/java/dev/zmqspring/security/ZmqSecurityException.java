package dev.zmqspring.security;

import dev.zmqspring.support.ZmqException;

/**
 * A security profile that cannot be used: a malformed Z85 key, a missing or unreadable certificate
 * file, a secret key file others can read. The message names the property or file.
 */
public class ZmqSecurityException extends ZmqException {

	public ZmqSecurityException(String message) {
		super(message);
	}

	public ZmqSecurityException(String message, Throwable cause) {
		super(message, cause);
	}

}
