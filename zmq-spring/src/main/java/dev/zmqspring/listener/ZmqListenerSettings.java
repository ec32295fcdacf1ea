package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;

import dev.zmqspring.support.ZmqEndpoint;

/**
 * What every actor of one listener shares: the prepared method, where results, failures and dead
 * letters go, and how long a stop may take.
 *
 * @param id the listener id
 * @param handler the prepared method
 * @param replies whether the return value is the reply on the receiving socket (REP, ROUTER, DEALER)
 * @param sendTo where a PULL worker pushes its results (empty for none)
 * @param deadLetter where failed messages are pushed (empty for none)
 * @param errorHandler the error handler
 * @param shutdownTimeout how long a stop may wait for in-flight work
 */
record ZmqListenerSettings(String id, ZmqHandlerMethod handler, boolean replies, List<ZmqEndpoint> sendTo,
		List<ZmqEndpoint> deadLetter, ZmqListenerErrorHandler errorHandler, Duration shutdownTimeout) {
}
