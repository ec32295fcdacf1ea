package dev.zmqspring.autoconfigure;

import dev.zmqspring.listener.ZmqListenerContainerFactory;

/**
 * Callback that customizes the auto-configured {@link ZmqListenerContainerFactory} before any
 * listener is created, for instance its default error handler. Not applied to a factory bean the
 * application defines itself. Every bean of this type is applied, in {@link
 * org.springframework.core.annotation.Order @Order} / {@link org.springframework.core.Ordered}
 * order, after the {@code zmq.*} properties.
 */
@FunctionalInterface
public interface ZmqListenerContainerFactoryCustomizer {

	/**
	 * Customizes the factory.
	 * @param factory the factory
	 */
	void customize(ZmqListenerContainerFactory factory);

}
