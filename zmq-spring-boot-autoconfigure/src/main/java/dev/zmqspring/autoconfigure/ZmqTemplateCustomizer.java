package dev.zmqspring.autoconfigure;

import dev.zmqspring.core.ZmqTemplate;

/**
 * Callback that customizes the auto-configured {@link ZmqTemplate} before it is used, for instance
 * to bind relays it should own. Not applied to a {@code ZmqOperations} bean the application
 * defines itself. Every bean of this type is applied, in {@link
 * org.springframework.core.annotation.Order @Order} / {@link org.springframework.core.Ordered}
 * order, after the {@code zmq.*} properties.
 */
@FunctionalInterface
public interface ZmqTemplateCustomizer {

	/**
	 * Customizes the template.
	 * @param template the template
	 */
	void customize(ZmqTemplate template);

}
