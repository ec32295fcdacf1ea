package dev.zmqspring.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.concurrent.CompletionStage;

import org.zeromq.ZMsg;

import org.springframework.util.ReflectionUtils;

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

	private final String source;

	private final ZmqArgumentResolver[] resolvers;

	private final ZmqMethodCall call;

	private final ReturnKind returnKind;

	private final Class<?> replyType;

	private final ZmqMessageConverter replyConverter;

	private final ZmqMessageConverters converters;

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
	 * @throws IllegalStateException naming the method if a parameter cannot be supplied or a type
	 * cannot be converted
	 */
	ZmqHandlerMethod(Object bean, Method method, String source, String annotation, ZmqMessageConverters converters,
			boolean subscriber, int topicParameter) {
		this.source = source;
		this.converters = converters;
		// for the reflective fallback of ZmqMethodCall: no per-call access check (caller lookup) where the module system allows it
		if (!method.trySetAccessible()) {
			ReflectionUtils.makeAccessible(method);
		}
		Parameter[] parameters = method.getParameters();
		this.resolvers = new ZmqArgumentResolver[parameters.length];
		boolean payload = false;
		boolean whole = false;
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			Class<?> type = parameter.getType();
			String where = annotation + " method " + source + ": parameter " + (i + 1) + " (" + type.getSimpleName() + " "
					+ parameter.getName() + ")";
			if (i == topicParameter) {
				this.resolvers[i] = ZmqInboundMessage::topic;
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
		this.call = ZmqMethodCall.of(bean, method, this.resolvers);
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
