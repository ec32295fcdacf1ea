package dev.zmqspring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.zmqspring.support.InvalidEndpointException;

/**
 * Explains a startup that failed on a malformed ZeroMQ endpoint, in a {@code zmq.*} property or an
 * annotation attribute: names where it came from, the value and the expected form.
 */
final class ZmqInvalidEndpointFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEndpointException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEndpointException cause) {
		String source = cause.getSource();
		String where = (source == null) ? "the endpoint"
				: (source.startsWith("zmq.") ? "the property " + source : source);
		String description = cause.getMessage() + ".";
		String action = "Correct " + where + " (value '" + cause.getValue() + "'). An endpoint is "
				+ "[@ to bind | > to connect]transport://address, such as tcp://127.0.0.1:5555, @tcp://*:5555, "
				+ "ipc:///tmp/feed or inproc://name; give several as a comma-separated string or a list.";
		return new FailureAnalysis(description, action, cause);
	}

}
