package dev.zmqspring.listener;

/**
 * The names of the message headers a {@code @ZmqWorker} or {@code @ZmqSubscriber} method can take
 * with {@code @Header} (spring-messaging), or find in a {@code Message<T>} or {@code @Headers} map:
 * what the Guide's envelopes carry besides the payload. Which listener sets which header is listed
 * in docs/listeners.md, "Handler method arguments"; a method asking for a header its listener never
 * sets fails at startup.
 */
public final class ZmqHeaders {

	/** The prefix of every header this library sets. */
	public static final String PREFIX = "zmq_";

	/**
	 * The topic of a subscriber's message ({@code String}): the first frame of a [topic][payload]
	 * envelope, or the matched subscription prefix of a single frame (Guide ch.2 "Pub-Sub Message
	 * Envelopes"). Subscribers only.
	 */
	public static final String TOPIC = PREFIX + "topic";

	/**
	 * The routing identity of the peer that sent the request ({@code byte[]}, or {@code String} as
	 * UTF-8): the first frame a ROUTER socket prepends (Guide ch.3 "The Extended Reply Envelope").
	 * ROUTER workers only.
	 */
	public static final String IDENTITY = PREFIX + "identity";

	/**
	 * The routing envelope ({@code List<byte[]>}): the frames before the body, which the reply is sent
	 * behind (Guide ch.3 "The Request-Reply Envelopes"). ROUTER workers (identity, then any address
	 * stack and its empty delimiter) and DEALER workers (the address stack and delimiter, if any).
	 */
	public static final String ENVELOPE = PREFIX + "envelope";

	/** The Majordomo service the request was sent to ({@code String}, Guide ch.4 "Service-Oriented Reliable Queuing"). */
	public static final String SERVICE = PREFIX + "service";

	/**
	 * The trace context that came with the message
	 * ({@link dev.zmqspring.observation.ZmqTraceContext}), when the listener accepts trace context and
	 * the sender added one; absent otherwise.
	 */
	public static final String TRACE_CONTEXT = PREFIX + "traceContext";

	private ZmqHeaders() {
	}

}
