package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.zmqspring.observation.ZmqReceiverObservations;
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
 * @param kind the declared socket type or the worker protocol (the {@code zmq.socket.type} tag)
 * @param observations how invocations are observed, or {@code null} when they are not
 * @param traceContext whether a trailing trace-context frame is removed and read
 * @param slowSubscriber slow-subscriber detection (publish stamps read), or {@code null}
 * @param events where a {@link ZmqSlowSubscriberEvent} goes, or {@code null}
 */
record ZmqListenerSettings(String id, ZmqHandlerMethod handler, boolean replies, List<ZmqEndpoint> sendTo,
		List<ZmqEndpoint> deadLetter, ZmqListenerErrorHandler errorHandler, Duration shutdownTimeout, String kind,
		@Nullable ZmqReceiverObservations observations, boolean traceContext,
		@Nullable ZmqSlowSubscriberPolicy slowSubscriber, @Nullable ApplicationEventPublisher events) {
}
