package dev.zmqspring.core;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Strings as UTF-8 frames without a terminating NUL (Guide ch.1 "A Minor Note on Strings"). A
 * single trailing NUL sent by a C peer that used {@code strlen + 1} is stripped when reading.
 */
public final class StringZmqMessageConverter implements ZmqMessageConverter {

	@Override
	public boolean supports(Class<?> type) {
		return type == String.class || type == CharSequence.class;
	}

	@Override
	public byte[] toFrame(Object payload) {
		return payload.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public Object fromFrame(byte[] frame, Type targetType) {
		int length = frame.length;
		if (length > 0 && frame[length - 1] == 0) {
			length--;
		}
		return new String(frame, 0, length, StandardCharsets.UTF_8);
	}

}
