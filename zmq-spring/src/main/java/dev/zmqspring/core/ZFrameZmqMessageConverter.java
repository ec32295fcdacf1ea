package dev.zmqspring.core;

import java.lang.reflect.Type;

import org.zeromq.ZFrame;

/** Passes {@link ZFrame} payloads through as their bytes. */
public final class ZFrameZmqMessageConverter implements ZmqMessageConverter {

	@Override
	public boolean supports(Class<?> type) {
		return type == ZFrame.class;
	}

	@Override
	public byte[] toFrame(Object payload) {
		return ((ZFrame) payload).getData();
	}

	@Override
	public Object fromFrame(byte[] frame, Type targetType) {
		return new ZFrame(frame);
	}

}
