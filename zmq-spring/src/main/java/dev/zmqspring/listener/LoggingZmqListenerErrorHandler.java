package dev.zmqspring.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The default {@link ZmqListenerErrorHandler} (Guide ch.4 reliability: report and carry on): logs each
 * failure exactly once, at WARN, with the
 * listener id, the method and the size of the message, and lets the listener continue with the
 * next message. The stack trace is logged at DEBUG to keep a stream of bad input readable.
 */
public final class LoggingZmqListenerErrorHandler implements ZmqListenerErrorHandler {

	private static final Log logger = LogFactory.getLog(LoggingZmqListenerErrorHandler.class);

	@Override
	public void handleError(ZmqListenerFailure failure) {
		Throwable ex = failure.exception();
		String text = "ZeroMQ listener '" + failure.listenerId() + "' (" + failure.source() + ") failed to handle a "
				+ failure.message().size() + "-frame message: " + ex;
		if (logger.isDebugEnabled()) {
			logger.warn(text, ex);
		}
		else {
			logger.warn(text);
		}
	}

}
