package dev.zmqspring.listener;

/**
 * Decides what happens when a listener method fails: the handler threw, or the message could not be
 * converted to the method's parameters, or the return value could not be converted to a reply.
 * Called on the listener's actor thread, after the failure and before the error reply (REP, ROUTER,
 * DEALER) and the dead letter are sent; the listener keeps consuming afterwards (Guide ch.4: a
 * worker survives a bad request, the requester is told).
 *
 * <p>Select one per listener with {@code @ZmqWorker(errorHandler = "beanName")} or
 * {@code @ZmqSubscriber(errorHandler = "beanName")}. The default,
 * {@link LoggingZmqListenerErrorHandler}, logs each failure once with the listener id. An exception
 * thrown by an error handler is logged and ignored: it never stops the listener.
 */
@FunctionalInterface
public interface ZmqListenerErrorHandler {

	/**
	 * Handles one failure.
	 * @param failure the listener id, the raw frames of the message and the exception
	 */
	void handleError(ZmqListenerFailure failure);

}
