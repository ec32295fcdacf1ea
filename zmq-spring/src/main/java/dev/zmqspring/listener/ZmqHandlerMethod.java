package dev.zmqspring.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;
import org.zeromq.ZMsg;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.SynthesizingMethodParameter;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.ValueConstants;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import dev.zmqspring.core.ZmqMessageConversionException;
import dev.zmqspring.core.ZmqMessageConverter;
import dev.zmqspring.core.ZmqMessageConverters;

/**
 * A listener method prepared for the hot path: its argument resolvers and converters are chosen once
 * at startup, so invoking it per message only converts and calls. Thread-safe and shared by all the
 * actors of a listener.
 *
 * <p>Parameters: one payload parameter (converted from the payload frame: {@code byte[]} as is,
 * {@code String} UTF-8, {@code ZFrame}, anything else through the converter chain, e.g. JSON), at
 * most one {@code ZMsg} (the frames after the routing envelope; for subscribers the whole message)
 * and, for subscribers, one {@code @ZmqTopic String}. Return values: {@code void}, a value converted
 * to one frame, a {@code ZMsg} (several frames), or a {@code CompletionStage} of those.
 *
 * <p>With {@link ZmqHandlerMethodArguments}, a parameter may also be a spring-messaging argument
 * ({@code Message<T>}, {@code @Payload}, {@code @Valid}, {@code @Header}, {@code @Headers}, or one
 * an application resolver claims). Its resolver is chosen here, once; per message such a method gets
 * one {@link ZmqReceivedMessage} view, built by its first spring-messaging argument. A method without
 * one is prepared exactly as the plain forms always were: same resolvers, same call, no view
 * (decision 0045).
 */
final class ZmqHandlerMethod {

	enum ReturnKind {

		/** {@code void}: nothing to send. */
		VOID,
		/** A value: sent as frames. */
		VALUE,
		/** A {@code CompletionStage}: sent when it completes. */
		FUTURE

	}

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private final String source;

	private final ZmqArgumentResolver[] resolvers;

	private final ZmqMethodCall call;

	private final ReturnKind returnKind;

	private final Class<?> replyType;

	private final ZmqMessageConverter replyConverter;

	private final ZmqMessageConverters converters;

	private final ZmqListenerHeaders headers;

	/** Whether a spring-messaging argument may read the trace context header. */
	private final boolean readsTraceContext;

	/** Whether a parameter is a spring-messaging argument (so each message gets a view). */
	private final boolean messaging;

	/**
	 * Prepares a method.
	 * @param bean the bean to invoke it on
	 * @param method the method (an invocable one for the bean, e.g. of its proxy)
	 * @param source {@code bean.method} for messages
	 * @param annotation {@code @ZmqWorker} or {@code @ZmqSubscriber}, for messages
	 * @param converters the converter chain
	 * @param subscriber whether the method is a subscriber's (its {@code ZMsg} is the whole message)
	 * @param topicParameter the index of the parameter that receives the topic, or {@code -1}; the
	 * annotation layer finds and checks it ({@code @ZmqTopic String}, subscribers only)
	 * @param arguments the spring-messaging resolvers, or {@code null} for the plain forms only
	 * @param headers the headers the listener sets
	 * @throws IllegalStateException naming the method if a parameter cannot be supplied or a type
	 * cannot be converted
	 */
	ZmqHandlerMethod(Object bean, Method method, String source, String annotation, ZmqMessageConverters converters,
			boolean subscriber, int topicParameter, @Nullable ZmqHandlerMethodArguments arguments,
			ZmqListenerHeaders headers) {
		this.source = source;
		this.headers = headers;
		this.converters = converters;
		// for the reflective fallback of ZmqMethodCall: no per-call access check (caller lookup) where the module system allows it
		if (!method.trySetAccessible()) {
			ReflectionUtils.makeAccessible(method);
		}
		Parameter[] parameters = method.getParameters();
		this.resolvers = new ZmqArgumentResolver[parameters.length];
		boolean payload = false;
		boolean whole = false;
		boolean messaging = false;
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			Class<?> type = parameter.getType();
			String where = annotation + " method " + source + ": parameter " + (i + 1) + " (" + type.getSimpleName() + " "
					+ parameter.getName() + ")";
			MethodParameter methodParameter = (arguments != null && i != topicParameter) ? methodParameter(method, i) : null;
			HandlerMethodArgumentResolver resolver = (methodParameter != null) ? arguments.resolverFor(methodParameter)
					: null;
			if (i == topicParameter) {
				this.resolvers[i] = ZmqInboundMessage::topic;
			}
			else if (resolver != null) {
				// a spring-messaging argument: its resolver is chosen now, the message view built per message
				if (arguments.readsPayload(resolver)) {
					if (payload) {
						throw new ZmqListenerMethodException(this.source, where + " cannot be supplied: the payload already goes to "
								+ "another parameter");
					}
					payload = true;
					checkPayload(arguments, methodParameter, where);
				}
				if (ZmqHandlerMethodArguments.validationHints(methodParameter) != null && arguments.validator() == null) {
					throw new ZmqListenerMethodException(this.source, where + " is marked for validation, but the application "
							+ "has no Validator: add a Bean Validation provider (spring-boot-starter-validation), declare "
							+ "one Validator bean, or return one from ZmqListenerConfigurer.getValidator()");
				}
				checkHeader(methodParameter, where);
				messaging = true;
				this.resolvers[i] = springResolver(resolver, methodParameter);
			}
			else if (type == ZMsg.class) {
				if (whole) {
					throw new ZmqListenerMethodException(this.source, where + " is a second ZMsg parameter; only one can receive the message");
				}
				whole = true;
				this.resolvers[i] = subscriber ? ZmqInboundMessage::raw : ZmqInboundMessage::body;
			}
			else {
				if (payload) {
					throw new ZmqListenerMethodException(this.source, where + " cannot be supplied: the payload already goes to another "
							+ "parameter (supported: one payload, one ZMsg" + (subscriber ? ", one @ZmqTopic String)" : ")"));
				}
				payload = true;
				this.resolvers[i] = payloadResolver(parameter.getParameterizedType(), where);
			}
		}
		Class<?> returnType = method.getReturnType();
		if (returnType == void.class || returnType == Void.class) {
			this.returnKind = ReturnKind.VOID;
			this.replyType = null;
		}
		else if (CompletionStage.class.isAssignableFrom(returnType)) {
			this.returnKind = ReturnKind.FUTURE;
			this.replyType = futureType(method.getGenericReturnType());
		}
		else {
			this.returnKind = ReturnKind.VALUE;
			this.replyType = returnType;
		}
		this.replyConverter = replyConverter(annotation);
		// any spring-messaging argument may read the trace context header (a custom resolver too)
		this.readsTraceContext = messaging && headers.traceContext();
		this.messaging = messaging;
		ZmqMethodCall call = ZmqMethodCall.of(bean, method, this.resolvers);
		// the plain forms keep the bare call; only a method with a spring-messaging argument drops its view after it
		this.call = messaging ? withView(call) : call;
	}

	private static MethodParameter methodParameter(Method method, int index) {
		MethodParameter parameter = SynthesizingMethodParameter.forExecutable(method, index);
		parameter.initParameterNameDiscovery(PARAMETER_NAMES);
		return parameter;
	}

	private ZmqArgumentResolver springResolver(HandlerMethodArgumentResolver resolver, MethodParameter parameter) {
		ZmqListenerHeaders headers = this.headers;
		return (message) -> {
			ZmqReceivedMessage view = message.view;
			if (view == null) {
				view = headers.toMessage(message);
				message.view = view;
			}
			return resolver.resolveArgument(parameter, view);
		};
	}

	private static ZmqMethodCall withView(ZmqMethodCall call) {
		return (message) -> {
			try {
				return call.call(message);
			}
			finally {
				message.view = null;
			}
		};
	}

	private void checkPayload(ZmqHandlerMethodArguments arguments, MethodParameter parameter, String where) {
		try {
			arguments.checkConvertible(ZmqHandlerMethodArguments.payloadType(parameter));
		}
		catch (RuntimeException ex) {
			throw new ZmqListenerMethodException(this.source, where + " cannot be converted: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Refuses a required {@code @Header} of this library that the listener never sets (a topic on a
	 * worker, an identity on a REP worker...): it would fail every message.
	 */
	private void checkHeader(MethodParameter parameter, String where) {
		Header header = parameter.getParameterAnnotation(Header.class);
		if (header == null) {
			return;
		}
		String name = StringUtils.hasText(header.name()) ? header.name() : parameter.getParameterName();
		if (name == null || !name.startsWith(ZmqHeaders.PREFIX)) {
			return;
		}
		Set<String> names = this.headers.names();
		if (!names.contains(name) && header.required() && ValueConstants.DEFAULT_NONE.equals(header.defaultValue())
				&& !parameter.isOptional()) {
			throw new ZmqListenerMethodException(this.source, where + " is @Header(\"" + name + "\"), which this listener never "
					+ "sets (it sets " + (names.isEmpty() ? "none" : String.join(", ", names)) + "; docs/listeners.md, "
					+ "\"Handler method arguments\"); use required = false for a header that may be absent");
		}
	}

	private ZmqArgumentResolver payloadResolver(Type type, String where) {
		if (type == byte[].class) {
			return ZmqHandlerMethod::payloadBytes;
		}
		ZmqMessageConverter converter;
		try {
			converter = this.converters.converterFor(type);
		}
		catch (RuntimeException ex) {
			throw new ZmqListenerMethodException(this.source, where + " cannot be converted: " + ex.getMessage(), ex);
		}
		return (message) -> converter.fromFrame(payloadBytes(message), type);
	}

	private static byte[] payloadBytes(ZmqInboundMessage message) {
		byte[] payload = message.payload();
		if (payload == null) {
			throw new ZmqMessageConversionException("The message has no payload frame after its envelope ("
					+ message.size + " frames)");
		}
		return payload;
	}

	private ZmqMessageConverter replyConverter(String annotation) {
		Class<?> type = this.replyType;
		if (type == null || type == Object.class || type == ZMsg.class || type == byte[].class || type == Void.class
				|| type.isInterface() && type != CharSequence.class) {
			return null;
		}
		try {
			return this.converters.converterFor(type);
		}
		catch (RuntimeException ex) {
			throw new ZmqListenerMethodException(this.source, annotation + " method " + this.source + ": return type "
					+ type.getSimpleName() + " cannot be converted: " + ex.getMessage(), ex);
		}
	}

	private static Class<?> futureType(Type generic) {
		if (generic instanceof ParameterizedType parameterized) {
			Type argument = parameterized.getActualTypeArguments()[0];
			if (argument instanceof Class<?> cls) {
				return cls;
			}
			if (argument instanceof ParameterizedType nested && nested.getRawType() instanceof Class<?> raw) {
				return raw;
			}
		}
		return Object.class;
	}

	String source() {
		return this.source;
	}

	/**
	 * Whether a parameter is a spring-messaging argument: each message then gets a
	 * {@link ZmqReceivedMessage} view; otherwise the method takes the plain forms only.
	 */
	boolean messaging() {
		return this.messaging;
	}

	/**
	 * Whether the listener must keep the trace context of each message for the method, even when it
	 * does not observe: the method takes {@link ZmqHeaders#TRACE_CONTEXT}.
	 */
	boolean readsTraceContext() {
		return this.readsTraceContext;
	}

	ReturnKind returnKind() {
		return this.returnKind;
	}

	/** Whether the method produces something to send (a value or a future that may hold one). */
	boolean hasResult() {
		return this.returnKind != ReturnKind.VOID && this.replyType != Void.class;
	}

	/**
	 * Converts the message into arguments and calls the method.
	 * @param message the message
	 * @return what the method returned
	 * @throws Throwable what the method or a conversion threw (unwrapped)
	 */
	Object invoke(ZmqInboundMessage message) throws Throwable {
		return this.call.call(message);
	}

	/**
	 * Encodes a single-frame result.
	 * @param value a result that is not {@code null} nor a {@code ZMsg}
	 * @return the frame bytes
	 */
	byte[] toFrame(Object value) {
		if (value instanceof byte[] bytes) {
			return bytes;
		}
		ZmqMessageConverter converter = this.replyConverter;
		if (converter != null && this.replyType.isInstance(value)) {
			return converter.toFrame(value);
		}
		return this.converters.toFrame(value);
	}

	@Override
	public String toString() {
		return this.source;
	}

}
