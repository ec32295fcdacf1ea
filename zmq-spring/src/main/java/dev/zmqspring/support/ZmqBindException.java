package dev.zmqspring.support;

import org.jspecify.annotations.Nullable;
import zmq.ZError;

/**
 * A socket could not be bound to an endpoint: the address is in use (JeroMQ's {@code EADDRINUSE},
 * for tcp and inproc alike), the interface does not exist, and so on. The message names the endpoint
 * and, when it is known, where the endpoint came from (a property key or an annotated method).
 */
public class ZmqBindException extends ZmqException {

	private final ZmqEndpoint endpoint;

	private final int errorCode;

	private final @Nullable String source;

	/**
	 * Creates the exception.
	 * @param endpoint the endpoint that could not be bound
	 * @param errorCode JeroMQ's error number ({@link ZError})
	 * @param source where the endpoint came from, may be {@code null}
	 * @param message the whole message
	 * @param cause JeroMQ's exception, may be {@code null}
	 */
	public ZmqBindException(ZmqEndpoint endpoint, int errorCode, @Nullable String source, String message,
			@Nullable Throwable cause) {
		super(message, cause);
		this.endpoint = endpoint;
		this.errorCode = errorCode;
		this.source = source;
	}

	/**
	 * The endpoint that could not be bound.
	 * @return the endpoint
	 */
	public ZmqEndpoint getEndpoint() {
		return this.endpoint;
	}

	/**
	 * JeroMQ's error number.
	 * @return a {@link ZError} code
	 */
	public int getErrorCode() {
		return this.errorCode;
	}

	/**
	 * Whether another socket (in this or another process) holds the address.
	 * @return {@code true} for {@code EADDRINUSE}
	 */
	public boolean isAddressInUse() {
		return this.errorCode == ZError.EADDRINUSE;
	}

	/**
	 * Where the endpoint came from.
	 * @return a property key or {@code bean.method}, or {@code null} if not known
	 */
	public @Nullable String getSource() {
		return this.source;
	}

	/**
	 * The same failure, its message prefixed with where the endpoint came from.
	 * @param source a property key or {@code bean.method}
	 * @return a new exception with this one as its cause
	 */
	public ZmqBindException withSource(String source) {
		return new ZmqBindException(this.endpoint, this.errorCode, source, source + ": " + getMessage(), this);
	}

}
