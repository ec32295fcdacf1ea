package dev.zmqspring.actor;

/**
 * Message, byte, error and handler-time counters of one actor. Written only by the actor's thread
 * (single writer, so a plain volatile increment is exact) and read by any thread: the health
 * indicator, the {@code zmq} actuator endpoint and Micrometer. Costs a few nanoseconds per message.
 */
public final class ZmqCounters {

	private volatile long messagesIn;

	private volatile long bytesIn;

	private volatile long messagesOut;

	private volatile long bytesOut;

	private volatile long errors;

	private volatile long dropped;

	private volatile long handled;

	private volatile long handlerNanos;

	/** Counts one inbound message. Actor thread only. */
	public void received(long bytes) {
		this.messagesIn = this.messagesIn + 1;
		this.bytesIn = this.bytesIn + bytes;
	}

	/** Counts one outbound message. Actor thread only. */
	public void sent(long bytes) {
		this.messagesOut = this.messagesOut + 1;
		this.bytesOut = this.bytesOut + bytes;
	}

	/**
	 * Counts a batch of inbound messages at once, so a loop that drains many messages per poll pays
	 * for one volatile write instead of one per message. Actor thread only.
	 * @param messages how many messages
	 * @param bytes their total size
	 */
	public void received(long messages, long bytes) {
		this.messagesIn = this.messagesIn + messages;
		this.bytesIn = this.bytesIn + bytes;
	}

	/**
	 * Counts a batch of outbound messages at once. Actor thread only.
	 * @param messages how many messages
	 * @param bytes their total size
	 */
	public void sent(long messages, long bytes) {
		this.messagesOut = this.messagesOut + messages;
		this.bytesOut = this.bytesOut + bytes;
	}

	/** Counts a failed handling (handler exception, conversion failure). Actor thread only. */
	public void error() {
		this.errors = this.errors + 1;
	}

	/** Counts a malformed or unroutable message that was dropped. Actor thread only. */
	public void dropped() {
		this.dropped = this.dropped + 1;
	}

	/** Records one handler invocation's duration. Actor thread only. */
	public void handled(long nanos) {
		this.handled = this.handled + 1;
		this.handlerNanos = this.handlerNanos + nanos;
	}

	/**
	 * Records a batch of handler invocations at once. Actor thread only.
	 * @param invocations how many invocations
	 * @param nanos their total duration
	 */
	public void handled(long invocations, long nanos) {
		this.handled = this.handled + invocations;
		this.handlerNanos = this.handlerNanos + nanos;
	}

	public long getMessagesIn() {
		return this.messagesIn;
	}

	public long getBytesIn() {
		return this.bytesIn;
	}

	public long getMessagesOut() {
		return this.messagesOut;
	}

	public long getBytesOut() {
		return this.bytesOut;
	}

	public long getErrors() {
		return this.errors;
	}

	public long getDropped() {
		return this.dropped;
	}

	public long getHandled() {
		return this.handled;
	}

	public long getHandlerNanos() {
		return this.handlerNanos;
	}

	/**
	 * A snapshot that adds up several actors' counters, for components that run more than one actor
	 * (e.g. a listener with {@code concurrency > 1}). Any thread may call it.
	 * @param parts the counters to add up
	 * @return a new, independent snapshot
	 */
	public static ZmqCounters sum(Iterable<ZmqCounters> parts) {
		ZmqCounters total = new ZmqCounters();
		for (ZmqCounters part : parts) {
			total.messagesIn += part.messagesIn;
			total.bytesIn += part.bytesIn;
			total.messagesOut += part.messagesOut;
			total.bytesOut += part.bytesOut;
			total.errors += part.errors;
			total.dropped += part.dropped;
			total.handled += part.handled;
			total.handlerNanos += part.handlerNanos;
		}
		return total;
	}

}
