package dev.zmqspring.core;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
