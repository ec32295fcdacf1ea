package dev.zmqspring.core;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.zeromq.ZFrame;
import org.zeromq.ZMsg;

/**
 * The ordered chain of {@link ZmqMessageConverter}s the template and the listeners use. The first
 * converter that supports a type wins; the choice is cached per class so the hot path does no
 * search. Declare your own bean of this type to replace the chain entirely.
 */
public final class ZmqMessageConverters {

	private final List<ZmqMessageConverter> converters;

	private final Map<Class<?>, ZmqMessageConverter> cache = new ConcurrentHashMap<>();

	public ZmqMessageConverters(List<ZmqMessageConverter> converters) {
		this.converters = List.copyOf(converters);
	}

	/** The chain with the built-in converters only ({@code byte[]}, String, ZFrame; no JSON). */
	public static ZmqMessageConverters defaults() {
		return new ZmqMessageConverters(List.of(new ByteArrayZmqMessageConverter(), new StringZmqMessageConverter(),
				new ZFrameZmqMessageConverter()));
	}

	/** The converters, in the order they are consulted. */
	public List<ZmqMessageConverter> getConverters() {
		return this.converters;
	}

	/**
	 * Finds the converter for a type, once; callers on a hot path keep the result.
	 * @param type the payload type
	 * @return the converter
	 * @throws ZmqMessageConversionException naming the type if no converter supports it
	 */
	public ZmqMessageConverter converterFor(Type type) {
		Class<?> raw = rawClass(type);
		ZmqMessageConverter converter = this.cache.get(raw);
		if (converter == null) {
			converter = this.cache.computeIfAbsent(raw, this::find);
		}
		return converter;
	}

	private ZmqMessageConverter find(Class<?> type) {
		for (ZmqMessageConverter converter : this.converters) {
			if (converter.supports(type)) {
				return converter;
			}
		}
		throw new ZmqMessageConversionException("No ZmqMessageConverter for payload type " + type.getName()
				+ " (add Jackson for JSON, or declare a ZmqMessageConverter bean)");
	}

	/**
	 * Encodes a payload into frame bytes.
	 * @param payload the payload
	 * @return the bytes
	 * @throws ZmqMessageConversionException if the payload is {@code null} or cannot be converted
	 */
	public byte[] toFrame(Object payload) {
		if (payload == null) {
			throw new ZmqMessageConversionException("Cannot send a null payload");
		}
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		return converterFor(payload.getClass()).toFrame(payload);
	}

	/**
	 * Decodes frame bytes.
	 * @param frame the bytes
	 * @param type the wanted type
	 * @param <T> the wanted type
	 * @return the payload
	 */
	@SuppressWarnings("unchecked")
	public <T> T fromFrame(byte[] frame, Class<T> type) {
		if (type == byte[].class) {
			return (T) frame;
		}
		return (T) converterFor(type).fromFrame(frame, type);
	}

	/**
	 * Encodes a request body into frames, as the requesters of Guide ch.4 (Lazy Pirate, Majordomo)
	 * send it: a {@link ZMsg} as its frames, any other payload as one converted frame.
	 * @param payload the body
	 * @return the frames
	 * @throws ZmqMessageConversionException if the body is empty, {@code null} or cannot be converted
	 */
	public byte[][] toFrames(Object payload) {
		if (payload instanceof ZMsg msg) {
			if (msg.isEmpty()) {
				throw new ZmqMessageConversionException("Cannot send an empty message");
			}
			byte[][] frames = new byte[msg.size()][];
			int i = 0;
			for (ZFrame frame : msg) {
				frames[i++] = frame.getData();
			}
			return frames;
		}
		return new byte[][] { toFrame(payload) };
	}

	/**
	 * A decoder for reply bodies of a type: {@link ZMsg} gets the body as is, any other type exactly
	 * one frame, converted. The converter is found now, so an unsupported type fails before sending.
	 * @param replyType the wanted type
	 * @return the decoder; it throws {@link ZmqMessageConversionException} on a body of several
	 * frames
	 */
	public Function<ZMsg, Object> replyDecoder(Class<?> replyType) {
		if (replyType == ZMsg.class) {
			return (msg) -> msg;
		}
		if (replyType == byte[].class) {
			return (msg) -> singleFrame(msg, replyType);
		}
		ZmqMessageConverter converter = converterFor(replyType);
		return (msg) -> converter.fromFrame(singleFrame(msg, replyType), replyType);
	}

	private static byte[] singleFrame(ZMsg msg, Class<?> replyType) {
		if (msg.size() != 1) {
			throw new ZmqMessageConversionException(
					"Expected a single-frame reply for " + replyType.getName() + " but got " + msg.size() + " frames");
		}
		return msg.getFirst().getData();
	}

	private static Class<?> rawClass(Type type) {
		if (type instanceof Class<?> cls) {
			return cls;
		}
		if (type instanceof ParameterizedType parameterized) {
			return (Class<?>) parameterized.getRawType();
		}
		return Object.class;
	}

}
