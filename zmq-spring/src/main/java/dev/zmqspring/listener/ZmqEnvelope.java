package dev.zmqspring.listener;

import java.util.List;

import org.zeromq.SocketType;

/**
 * How a listener splits the frames it received into routing envelope, topic and payload. The rules
 * (documented in docs/listeners.md, "Envelopes"):
 * <ul>
 * <li><b>REP, PULL</b>: no envelope (a REP socket keeps the envelope itself, Guide ch.3); the payload
 * is the first frame.</li>
 * <li><b>ROUTER</b>: the first frame is the peer identity; if a later frame is empty, every frame up
 * to and including the first empty one is envelope too (the ch.3 address stack and delimiter).
 * Otherwise the envelope is the identity alone.</li>
 * <li><b>DEALER</b>: the frames up to and including the first empty frame, if there is one;
 * otherwise no envelope.</li>
 * <li><b>SUB</b> (Guide ch.2 "Pub-Sub Message Envelopes"): a message of two or more frames is a
 * [topic][payload] envelope; the topic is the first frame and the payload the second. A single frame
 * is a ch.1 weather-style message: the payload is the whole frame and the topic is the longest
 * subscribed prefix it starts with (the empty string when subscribed to everything).</li>
 * </ul>
 * The payload parameter always receives one frame; further frames are never an error, they are only
 * visible through a {@code ZMsg} parameter (for SUB the whole message, otherwise the frames after
 * the envelope).
 */
abstract class ZmqEnvelope {

	static final ZmqEnvelope NONE = new ZmqEnvelope() {
		@Override
		void split(ZmqInboundMessage message) {
			message.bodyStart = 0;
			message.payloadIndex = 0;
		}
	};

	static final ZmqEnvelope ROUTER = new ZmqEnvelope() {
		@Override
		void split(ZmqInboundMessage message) {
			int end = delimiterEnd(message, 1);
			message.bodyStart = (end > 0) ? end : 1;
			message.payloadIndex = message.bodyStart;
		}
	};

	static final ZmqEnvelope DEALER = new ZmqEnvelope() {
		@Override
		void split(ZmqInboundMessage message) {
			int end = delimiterEnd(message, 0);
			message.bodyStart = Math.max(end, 0);
			message.payloadIndex = message.bodyStart;
		}
	};

	/**
	 * The envelope rule of a listener socket type.
	 * @param type the type of the socket the handler reads from
	 * @return the rule (SUB needs {@link #topics})
	 */
	static ZmqEnvelope of(SocketType type) {
		return switch (type) {
			case ROUTER -> ROUTER;
			case DEALER -> DEALER;
			default -> NONE;
		};
	}

	/**
	 * The SUB rule for the given subscriptions.
	 * @param topics the subscribed prefixes (empty for everything)
	 * @return the rule
	 */
	static ZmqEnvelope topics(List<String> topics) {
		return new Topics(topics);
	}

	/**
	 * Splits the message; never throws, whatever the frames are.
	 * @param message the received frames
	 */
	abstract void split(ZmqInboundMessage message);

	static int delimiterEnd(ZmqInboundMessage message, int from) {
		for (int i = from; i < message.size; i++) {
			if (message.frames[i].length == 0) {
				return i + 1;
			}
		}
		return -1;
	}

	private static final class Topics extends ZmqEnvelope {

		private final ZmqTopicIndex index;

		Topics(List<String> topics) {
			this.index = new ZmqTopicIndex(topics);
		}

		@Override
		void split(ZmqInboundMessage message) {
			message.bodyStart = 0;
			if (message.size >= 2) {
				message.topicIndex = 0;
				message.payloadIndex = 1;
				return;
			}
			message.payloadIndex = 0;
			int matched = this.index.match(message.frames[0]);
			message.matchedTopic = (matched >= 0) ? this.index.name(matched) : "";
		}

	}

}
