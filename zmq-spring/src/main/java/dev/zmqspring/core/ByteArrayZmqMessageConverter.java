package dev.zmqspring.core;

import java.lang.reflect.Type;

/** Passes {@code byte[]} payloads through untouched: the zero-conversion path. */
public final class ByteArrayZmqMessageConverter implements ZmqMessageConverter {

	@Override
	public boolean supports(Class<?> type) {
		return type == byte[].class;
	}

	@Override
	public byte[] toFrame(Object payload) {
		return (byte[]) payload;
	}

	@Override
	public Object fromFrame(byte[] frame, Type targetType) {
		return frame;
	}

}
