package dev.zmqspring.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.zmqspring.listener.ZmqListenerMethodException;
import dev.zmqspring.listener.ZmqWorkerProtocolNotFoundException;

/**
 * Explains a startup that failed because a {@code @ZmqWorker} or {@code @ZmqSubscriber} method cannot
 * become a listener (a parameter, return type, socket type or attribute that does not fit), naming
 * the method. A missing worker protocol is left to {@link ZmqWorkerProtocolFailureAnalyzer}.
 */
final class ZmqListenerMethodFailureAnalyzer extends AbstractFailureAnalyzer<ZmqListenerMethodException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, ZmqListenerMethodException cause) {
		if (cause instanceof ZmqWorkerProtocolNotFoundException) {
			return null;
		}
		String description = "The ZeroMQ listener method " + cause.getMethod() + " is invalid: " + cause.getMessage();
		String action = "Change " + cause.getMethod() + " or its annotation as the description says. A listener "
				+ "method takes at most one payload parameter and one ZMsg (subscribers also one @ZmqTopic String); "
				+ "a subscriber and a PULL worker without sendTo return void.";
		return new FailureAnalysis(description, action, cause);
	}

}
