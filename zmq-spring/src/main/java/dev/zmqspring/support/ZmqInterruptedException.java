package dev.zmqspring.support;

/**
 * The calling thread was interrupted inside the template. The thread's interrupt flag is set again
 * before this is thrown; only the caller's own socket is discarded, every other thread carries on.
 */
public class ZmqInterruptedException extends ZmqException {

	public ZmqInterruptedException(String message) {
		super(message);
	}

}
