package dev.zmqspring.listener;

import org.jspecify.annotations.Nullable;

/**
 * A {@code @ZmqWorker} or {@code @ZmqSubscriber} method cannot become a listener: an attribute does
 * not resolve, a parameter cannot be supplied, a return value has nowhere to go, a socket type does
 * not fit. Thrown at startup; the message names the method ({@code bean.method}) and what is wrong.
 * An {@link IllegalStateException}, as these failures always were.
 */
public class ZmqListenerMethodException extends IllegalStateException {

	private final String method;

	/**
	 * Creates the exception.
	 * @param method the method, as {@code beanName.methodName}
	 * @param message the whole message, naming the method
	 */
	public ZmqListenerMethodException(String method, String message) {
		this(method, message, null);
	}

	/**
	 * Creates the exception with a cause.
	 * @param method the method, as {@code beanName.methodName}
	 * @param message the whole message, naming the method
	 * @param cause why, may be {@code null}
	 */
	public ZmqListenerMethodException(String method, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.method = method;
	}

	/**
	 * The method that cannot become a listener.
	 * @return {@code beanName.methodName}
	 */
	public String getMethod() {
		return this.method;
	}

}
