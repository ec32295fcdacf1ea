package dev.zmqspring.support;

/**
 * A ZeroMQ endpoint string could not be understood. The message names the offending value and where
 * it came from (a property key or an annotated method), so a misconfigured application fails at
 * startup with an actionable error.
 */
public class InvalidEndpointException extends ZmqException {

	private final String value;

	private final String source;

	public InvalidEndpointException(String value, String source, String reason) {
		super("Invalid ZeroMQ endpoint '" + value + "'" + (source != null ? " in " + source : "") + ": " + reason);
		this.value = value;
		this.source = source;
	}

	/** The endpoint text as it was given. */
	public String getValue() {
		return this.value;
	}

	/** Where the value came from (a property key or a method), or {@code null}. */
	public String getSource() {
		return this.source;
	}

}
