package dev.zmqspring.annotation;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Validator;

/**
 * Callback for the handler methods of {@link ZmqWorker} and {@link ZmqSubscriber} listeners (the
 * subscribers, workers and servers of Guide ch.1-4), as
 * Spring for Apache Kafka's {@code KafkaListenerConfigurer} is for {@code @KafkaListener}: declare a
 * bean of this type to supply parameters of your own kinds through spring-messaging
 * {@link HandlerMethodArgumentResolver}s, or to choose the validator of {@code @Valid} parameters.
 * Every such bean is applied, in {@link org.springframework.core.annotation.Order @Order} order,
 * before the first listener is created.
 *
 * <p>A resolver is asked after those of {@code @Header}, {@code @Headers} and {@code Message<T>} and
 * before {@code @Payload}; the resolver that claims a parameter is chosen once, at startup, and the
 * message it receives carries the {@link dev.zmqspring.listener.ZmqHeaders} of its listener.
 */
public interface ZmqListenerConfigurer {

	/**
	 * Adds resolvers for parameters of the application's own kinds.
	 * @param resolvers the resolvers so far (those of earlier configurers); add to it
	 */
	default void configureArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
	}

	/**
	 * The validator of {@code @Valid} and {@code @Validated} listener parameters, instead of the
	 * application's {@code Validator} bean. At most one configurer may return one.
	 * @return the validator, or {@code null} to use the application's
	 */
	default @Nullable Validator getValidator() {
		return null;
	}

}
