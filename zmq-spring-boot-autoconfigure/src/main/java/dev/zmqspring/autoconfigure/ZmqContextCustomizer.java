package dev.zmqspring.autoconfigure;

import org.zeromq.ZContext;

/**
 * Callback that customizes the auto-configured {@link ZContext} (Guide ch.1 "Getting the Context
 * Right") before its first socket: linger, high-water marks, a thread factory. Not applied to a
 * {@code ZContext} bean the application defines itself. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order @Order} / {@link
 * org.springframework.core.Ordered} order, after the {@code zmq.*} properties.
 */
@FunctionalInterface
public interface ZmqContextCustomizer {

	/**
	 * Customizes the context.
	 * @param context the context, its {@code zmq.*} settings applied
	 */
	void customize(ZContext context);

}
