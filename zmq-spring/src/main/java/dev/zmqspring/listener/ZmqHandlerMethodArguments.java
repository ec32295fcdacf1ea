package dev.zmqspring.listener;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.ConversionService;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.support.HeaderMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.HeadersMethodArgumentResolver;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.annotation.support.PayloadMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

import dev.zmqspring.core.ZmqMessageConversionException;
import dev.zmqspring.core.ZmqMessageConverters;

/**
 * The spring-messaging side of listener methods: the {@link HandlerMethodArgumentResolver}s that
 * supply {@code @Header}, {@code @Headers}, {@code Message<T>}, {@code @Payload} (validated when
 * marked {@code @Valid} or {@code @Validated}) and the application's own parameters, in the order
 * Spring's {@code DefaultMessageHandlerMethodFactory} uses: headers, message, custom resolvers,
 * payload. {@link ZmqHandlerMethod} asks it once per parameter at startup which resolver, if any,
 * supplies it (decision 0045); a parameter no resolver claims stays one of the plain forms (payload,
 * {@code ZMsg}, {@code @ZmqTopic}).
 *
 * <p>Payloads are converted by the listener's {@link ZmqMessageConverters}, as plain payload
 * parameters are; header values by a {@link ConversionService} that also reads a {@code byte[]}
 * header (an identity) as a UTF-8 {@code String}. One instance serves every listener of a container
 * factory; it is thread-safe.
 */
final class ZmqHandlerMethodArguments {

	private final ZmqMessageConverters converters;

	private final Supplier<@Nullable Validator> validator;

	private final List<HandlerMethodArgumentResolver> claiming = new ArrayList<>();

	private final PayloadResolver payload;

	/**
	 * Creates the resolvers.
	 * @param converters the payload converters
	 * @param custom the application's resolvers, asked after the header and message ones
	 * @param validator the validator of {@code @Valid} parameters, looked up on first use; may give {@code null}
	 * @param beanFactory for placeholders in {@code @Header} names and default values, may be {@code null}
	 */
	ZmqHandlerMethodArguments(ZmqMessageConverters converters, List<HandlerMethodArgumentResolver> custom,
			Supplier<@Nullable Validator> validator, @Nullable ConfigurableBeanFactory beanFactory) {
		this.converters = converters;
		this.validator = SingletonSupplier.ofNullable(validator);
		this.claiming.add(new HeaderMethodArgumentResolver(conversionService(), beanFactory));
		this.claiming.add(new HeadersMethodArgumentResolver());
		this.claiming.add(new MessageResolver());
		this.claiming.addAll(custom);
		this.payload = new PayloadResolver(new PayloadConverter());
	}

	private static ConversionService conversionService() {
		DefaultFormattingConversionService service = new DefaultFormattingConversionService();
		// routing identities and topics are frames: as text they are UTF-8, not Object.toString()
		service.addConverter(byte[].class, String.class, (bytes) -> new String(bytes, StandardCharsets.UTF_8));
		service.addConverter(String.class, byte[].class, (text) -> text.getBytes(StandardCharsets.UTF_8));
		return service;
	}

	/**
	 * The resolver that supplies a parameter, chosen once at startup.
	 * @param parameter the parameter
	 * @return the resolver, or {@code null} when none claims it and it is not marked {@code @Payload}
	 * or for validation: a plain form then
	 */
	@Nullable HandlerMethodArgumentResolver resolverFor(MethodParameter parameter) {
		for (HandlerMethodArgumentResolver resolver : this.claiming) {
			if (resolver.supportsParameter(parameter)) {
				return resolver;
			}
		}
		if (parameter.hasParameterAnnotation(Payload.class) || validationHints(parameter) != null) {
			return this.payload;
		}
		return null;
	}

	/**
	 * Whether a resolver reads the payload (so the plain payload parameter cannot be another one).
	 * @param resolver a resolver {@link #resolverFor} returned
	 * @return whether it is the payload or message resolver
	 */
	boolean readsPayload(HandlerMethodArgumentResolver resolver) {
		return resolver == this.payload || resolver instanceof MessageResolver;
	}

	/**
	 * The type a payload-reading parameter converts the payload frame to.
	 * @param parameter a parameter {@link #readsPayload} is true for
	 * @return the generic type, {@code byte[]} when the frame is passed as is
	 */
	static Type payloadType(MethodParameter parameter) {
		if (Message.class.isAssignableFrom(parameter.getParameterType())) {
			ResolvableType generic = ResolvableType.forMethodParameter(parameter).as(Message.class).getGeneric(0);
			Class<?> raw = generic.resolve();
			return (raw == null || raw == Object.class) ? byte[].class : generic.getType();
		}
		return parameter.nestedIfOptional().getNestedGenericParameterType();
	}

	/**
	 * Checks at startup that a payload type can be converted.
	 * @param type the type
	 * @throws ZmqMessageConversionException naming the type if no converter supports it
	 */
	void checkConvertible(Type type) {
		if (type != byte[].class && type != Object.class) {
			this.converters.converterFor(type);
		}
	}

	/**
	 * The validator, looked up on first use.
	 * @return the validator, or {@code null} when the application has none
	 */
	@Nullable Validator validator() {
		return this.validator.get();
	}

	/**
	 * The validation hints of a parameter: {@code @Valid}, {@code @Validated} or an annotation whose
	 * name starts with "Valid".
	 * @param parameter the parameter
	 * @return the hints (empty for {@code @Valid}), or {@code null} when it is not validated
	 */
	static Object @Nullable [] validationHints(MethodParameter parameter) {
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			Object[] hints = ValidationAnnotationUtils.determineValidationHints(annotation);
			if (hints != null) {
				return hints;
			}
		}
		return null;
	}

	private Object convert(byte[] payload, Type type) {
		if (payload == ZmqReceivedMessage.NO_PAYLOAD) {
			throw new ZmqMessageConversionException("The message has no payload frame after its envelope");
		}
		return this.converters.converterFor(type).fromFrame(payload, type);
	}

	/** Validates a converted payload; a failure is the {@link MethodArgumentNotValidException} spring-messaging throws. */
	private void validate(Message<?> message, MethodParameter parameter, Object target) {
		Object[] hints = validationHints(parameter);
		if (hints == null) {
			return;
		}
		Validator validator = this.validator.get();
		if (validator == null) {
			return; // ZmqHandlerMethod refuses a validated parameter without a validator at startup
		}
		String name = (parameter.getParameterName() != null) ? parameter.getParameterName()
				: "parameter " + parameter.getParameterIndex();
		BeanPropertyBindingResult result = new BeanPropertyBindingResult(target, name);
		if (hints.length > 0 && validator instanceof SmartValidator smart) {
			smart.validate(target, result, hints);
		}
		else {
			validator.validate(target, result);
		}
		if (result.hasErrors()) {
			throw new MethodArgumentNotValidException(message, parameter, result);
		}
	}

	/**
	 * {@code Message<T>}: the received message with its payload converted to {@code T} (kept as
	 * {@code byte[]} for {@code Message<byte[]>}, {@code Message<?>} and {@code Message<Object>}), and
	 * validated when the parameter is marked for it.
	 */
	private final class MessageResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == Message.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Message<?> message) {
			Type type = payloadType(parameter);
			if (type == byte[].class) {
				validate(message, parameter, message.getPayload());
				return message;
			}
			Object converted = convert((byte[]) message.getPayload(), type);
			validate(message, parameter, converted);
			return MessageBuilder.createMessage(converted, message.getHeaders());
		}

	}

	/**
	 * {@code @Payload}: spring-messaging's resolver with the listener's converters. Only a missing
	 * payload frame is "empty" (an empty frame converts as the plain form converts it), and validation
	 * uses the application's validator, looked up on first use.
	 */
	private final class PayloadResolver extends PayloadMethodArgumentResolver {

		PayloadResolver(PayloadConverter converter) {
			super(converter, null);
		}

		@Override
		protected boolean isEmptyPayload(@Nullable Object payload) {
			return payload == null || payload == ZmqReceivedMessage.NO_PAYLOAD;
		}

		@Override
		protected void validate(Message<?> message, MethodParameter parameter, Object target) {
			ZmqHandlerMethodArguments.this.validate(message, parameter, target);
		}

	}

	/** Converts a payload frame to a parameter's (generic) type through the listener's converters. */
	private final class PayloadConverter implements SmartMessageConverter {

		@Override
		public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass, @Nullable Object hint) {
			Type type = (hint instanceof MethodParameter parameter) ? payloadType(parameter) : targetClass;
			return (message.getPayload() instanceof byte[] bytes) ? convert(bytes, type) : null;
		}

		@Override
		public @Nullable Object fromMessage(Message<?> message, Class<?> targetClass) {
			return fromMessage(message, targetClass, null);
		}

		@Override
		public @Nullable Message<?> toMessage(Object payload, @Nullable MessageHeaders headers) {
			return null; // replies are encoded by the listener, never through spring-messaging
		}

		@Override
		public @Nullable Message<?> toMessage(Object payload, @Nullable MessageHeaders headers,
				@Nullable Object conversionHint) {
			return null;
		}

	}

}
