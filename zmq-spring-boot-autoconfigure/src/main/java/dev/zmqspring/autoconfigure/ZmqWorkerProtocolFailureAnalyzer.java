package dev.zmqspring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.zmqspring.listener.ZmqWorkerProtocolNotFoundException;

/**
 * Explains a startup that failed because a {@code @ZmqWorker(protocol = ...)} or
 * {@code @ZmqWorker(service = ...)} method asks for a worker protocol that no bean provides, and
 * says which auto-configuration provides it ({@link ZmqWorkerProtocolAdvice}).
 */
final class ZmqWorkerProtocolFailureAnalyzer extends AbstractFailureAnalyzer<ZmqWorkerProtocolNotFoundException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ZmqWorkerProtocolNotFoundException cause) {
		String available = cause.getAvailable().isEmpty() ? "none" : String.join(", ", cause.getAvailable());
		String description = "The @ZmqWorker method " + cause.getMethod() + " speaks the worker protocol '"
				+ cause.getProtocol() + "', but no ZmqWorkerProtocol bean provides it (available: " + available
				+ ").";
		return new FailureAnalysis(description, ZmqWorkerProtocolAdvice.forProtocol(cause.getProtocol()), cause);
	}

}
