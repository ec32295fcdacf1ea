package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.zeromq.ZMsg;

import dev.zmqspring.observation.ZmqTraceContext;

/**
 * The frames of the message a listener actor is handling, split by {@link ZmqEnvelope} into routing
 * envelope, topic and payload (Guide ch.2 "Pub-Sub Message Envelopes", ch.3 "The Request-Reply
 * Envelopes"). A socket listener takes one instance per batch of messages and reuses it for each
 * message of the batch (a young object: storing frames into it skips G1's old-to-young barrier); a
 * worker-protocol listener keeps one per actor. Reading a message allocates only its frames.
 */
final class ZmqInboundMessage {

	byte[][] frames = new byte[8][];

	int size;

	/** Index of the first frame after the routing envelope (0 when there is none). */
	int bodyStart;

	/** Index of the frame converted to the payload parameter, or -1 if there is none. */
	int payloadIndex;

	/** Topic frame index (SUB multipart), or -1 when {@link #matchedTopic} applies. */
	int topicIndex = -1;

	/** The matched subscription prefix of a single-frame SUB message. */
	String matchedTopic;

	private String topicText;

	/**
	 * The trace context removed from this message, when the listener accepts trace context and either
	 * observes or has a method that takes it as a header; written (and cleared) only then, so the plain
	 * path never touches it.
	 */
	ZmqTraceContext traceContext;

	/**
	 * The spring-messaging view of this message, built by the first argument that needs it and
	 * cleared when the method returns; only for methods that take such an argument.
	 */
	ZmqReceivedMessage view;

	void reset() {
		this.size = 0;
		this.bodyStart = 0;
		this.payloadIndex = 0;
		this.topicIndex = -1;
		this.matchedTopic = null;
		this.topicText = null;
	}

	void add(byte[] frame) {
		if (this.size == this.frames.length) {
			this.frames = Arrays.copyOf(this.frames, this.size * 2);
		}
		this.frames[this.size++] = frame;
	}

	/** The payload frame, or {@code null} if the message has none after its envelope. */
	byte[] payload() {
		int index = this.payloadIndex;
		return (index >= 0 && index < this.size) ? this.frames[index] : null;
	}

	/** The topic: the first frame of a multipart SUB message, or the matched prefix of a single frame. */
	String topic() {
		if (this.topicIndex < 0) {
			return this.matchedTopic;
		}
		String text = this.topicText;
		if (text == null) {
			text = new String(this.frames[this.topicIndex], StandardCharsets.UTF_8);
			this.topicText = text;
		}
		return text;
	}

	/** The frames after the routing envelope, as a new message (the handler may keep it). */
	ZMsg body() {
		ZMsg msg = new ZMsg();
		for (int i = this.bodyStart; i < this.size; i++) {
			msg.add(this.frames[i]);
		}
		return msg;
	}

	/** All frames as received, as a new message. */
	ZMsg raw() {
		ZMsg msg = new ZMsg();
		for (int i = 0; i < this.size; i++) {
			msg.add(this.frames[i]);
		}
		return msg;
	}

	/** A copy of the routing envelope, for a reply sent later (asynchronous handlers). */
	byte[][] envelope() {
		return Arrays.copyOf(this.frames, this.bodyStart);
	}

}
