package dev.zmqspring.core;

import java.lang.reflect.Type;

/**
 * Converts between a Java payload and the bytes of one ZeroMQ frame (Guide ch.2 "Messages and
 * frames": ZeroMQ moves opaque binary frames; the application decides their encoding).
 *
 * <p>Declare a bean of this type to add a format; user converters are consulted before the
 * built-in ones ({@code byte[]}, {@code String} as UTF-8, {@code ZFrame}, and JSON for everything
 * else). Implementations must be thread-safe.
 */
public interface ZmqMessageConverter {

	/**
	 * Whether this converter reads and writes the given type.
	 * @param type the payload class
	 * @return {@code true} if {@link #toFrame} and {@link #fromFrame} handle it
	 */
	boolean supports(Class<?> type);

	/**
	 * Encodes a payload into frame bytes.
	 * @param payload the payload, never {@code null}
	 * @return the frame bytes
	 */
	byte[] toFrame(Object payload);

	/**
	 * Decodes frame bytes into a payload.
	 * @param frame the frame bytes
	 * @param targetType the wanted type (possibly generic)
	 * @return the payload
	 */
	Object fromFrame(byte[] frame, Type targetType);

}
