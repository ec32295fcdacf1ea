package dev.zmqspring.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.zmqspring.support.ZmqBindException;

/**
 * Explains a startup that failed because a proxy, broker or listener could not bind its endpoint:
 * another socket (in this process or another) holds the address ({@code EADDRINUSE}). Names the
 * property key or listener method the endpoint came from.
 */
final class ZmqAddressInUseFailureAnalyzer extends AbstractFailureAnalyzer<ZmqBindException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, ZmqBindException cause) {
		if (!cause.isAddressInUse()) {
			return null;
		}
		String address = cause.getEndpoint().address();
		String source = cause.getSource();
		String from = (source == null) ? "" : (isKey(source) ? " (property " + source + ")" : " (listener " + source + ")");
		String description = "ZeroMQ could not bind " + address + from
				+ ": the address is already in use by another socket, in this application or another process.";
		String change = (source == null) ? "the endpoint"
				: (isKey(source) ? "the property " + source : "the endpoints of listener method " + source);
		String action = "Stop whatever holds " + address + " (another instance of this application, say), or change "
				+ change + " to a free address; tcp://host:* binds an ephemeral port. An inproc address can be "
				+ "bound once per ZContext.";
		return new FailureAnalysis(description, action, cause);
	}

	private static boolean isKey(String source) {
		return source.startsWith("zmq.");
	}

}
