package dev.zmqspring.listener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.zmqspring.observation.ZmqTraceContext;

/**
 * Which {@link ZmqHeaders} a listener sets, decided by its kind at startup: a subscriber has a topic
 * (Guide ch.2), a ROUTER worker an identity and an envelope, a DEALER worker an envelope (ch.3), a
 * Majordomo worker its service (ch.4), and any listener accepting trace context the context a
 * message came with. Builds the {@link ZmqReceivedMessage} view of a message.
 *
 * @param topic whether {@link ZmqHeaders#TOPIC} is set (subscribers)
 * @param identity whether {@link ZmqHeaders#IDENTITY} is set (ROUTER workers)
 * @param envelope whether {@link ZmqHeaders#ENVELOPE} is set (ROUTER and DEALER workers)
 * @param service the value of {@link ZmqHeaders#SERVICE}, or {@code null} when not a Majordomo worker
 * @param traceContext whether {@link ZmqHeaders#TRACE_CONTEXT} can be set (trace context accepted)
 */
record ZmqListenerHeaders(boolean topic, boolean identity, boolean envelope, @Nullable String service,
		boolean traceContext) {

	/**
	 * The names of the headers this listener can set.
	 * @return the names, in the order of {@link ZmqHeaders}
	 */
	Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		if (this.topic) {
			names.add(ZmqHeaders.TOPIC);
		}
		if (this.identity) {
			names.add(ZmqHeaders.IDENTITY);
		}
		if (this.envelope) {
			names.add(ZmqHeaders.ENVELOPE);
		}
		if (this.service != null) {
			names.add(ZmqHeaders.SERVICE);
		}
		if (this.traceContext) {
			names.add(ZmqHeaders.TRACE_CONTEXT);
		}
		return names;
	}

	/**
	 * The spring-messaging view of a split message.
	 * @param message the message, after {@link ZmqEnvelope#split}
	 * @return its payload frame and headers
	 */
	ZmqReceivedMessage toMessage(ZmqInboundMessage message) {
		Map<String, Object> headers = new HashMap<>(8);
		if (this.topic) {
			String topic = message.topic();
			if (topic != null) {
				headers.put(ZmqHeaders.TOPIC, topic);
			}
		}
		if (this.identity && message.bodyStart > 0) {
			headers.put(ZmqHeaders.IDENTITY, message.frames[0]);
		}
		if (this.envelope) {
			List<byte[]> frames = new ArrayList<>(message.bodyStart);
			frames.addAll(Arrays.asList(message.frames).subList(0, message.bodyStart));
			headers.put(ZmqHeaders.ENVELOPE, List.copyOf(frames));
		}
		if (this.service != null) {
			headers.put(ZmqHeaders.SERVICE, this.service);
		}
		ZmqTraceContext context = message.traceContext;
		if (context != null) {
			headers.put(ZmqHeaders.TRACE_CONTEXT, context);
		}
		byte[] payload = message.payload();
		return new ZmqReceivedMessage((payload != null) ? payload : ZmqReceivedMessage.NO_PAYLOAD, headers);
	}

}
