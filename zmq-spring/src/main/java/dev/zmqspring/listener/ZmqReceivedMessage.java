package dev.zmqspring.listener;

import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * The spring-messaging view of a received message: the payload frame and the {@link ZmqHeaders}
 * the listener's envelope carries. Built only for a method that takes a spring-messaging argument
 * ({@code Message<T>}, {@code @Header}, {@code @Headers}, {@code @Payload}, {@code @Valid}, a custom
 * resolver's), once per message; methods of the plain forms never see one. Its headers carry no
 * {@code id} and no {@code timestamp}: a ZeroMQ message has neither, and generating a random UUID per
 * message would cost more than the rest of the view.
 */
final class ZmqReceivedMessage implements Message<byte[]> {

	/**
	 * The payload of a message with no frame after its envelope: empty, and told apart from an empty
	 * frame by identity, so a required payload parameter fails as the plain form does.
	 */
	static final byte[] NO_PAYLOAD = new byte[0];

	private final byte[] payload;

	private final MessageHeaders headers;

	ZmqReceivedMessage(byte[] payload, Map<String, Object> headers) {
		this.payload = payload;
		this.headers = new ReceivedHeaders(headers);
	}

	@Override
	public byte[] getPayload() {
		return this.payload;
	}

	@Override
	public MessageHeaders getHeaders() {
		return this.headers;
	}

	@Override
	public String toString() {
		return "ZmqReceivedMessage [payload=byte[" + this.payload.length + "], headers=" + this.headers + "]";
	}

	/** Headers without the generated {@code id} and {@code timestamp}. */
	private static final class ReceivedHeaders extends MessageHeaders {

		private static final long serialVersionUID = 1L;

		ReceivedHeaders(Map<String, Object> headers) {
			super(headers, ID_VALUE_NONE, -1L);
		}

	}

}
