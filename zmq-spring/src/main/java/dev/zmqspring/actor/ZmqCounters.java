package dev.zmqspring.actor;

import java.util.concurrent.atomic.LongAdder;

/**
 * Message, byte, error, handler-time and connection counters of one actor. Written only by the
 * actor's thread (single writer, so a plain volatile increment is exact; the one exception, refused
 * frame claims, is a {@link LongAdder} written by JeroMQ's I/O threads) and read by any thread: the health
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

	private volatile long connectionsAccepted;

	private volatile long connectionsHandshaken;

	private volatile long connectionsDisconnected;

	private volatile long connectionsRejected;

	private volatile long connectionsOpen;

	private volatile long connectionsRefused;

	// written by JeroMQ's I/O threads (ZmqFrameGuard), so not single-writer
	private final LongAdder framesRejected = new LongAdder();

	// written by JeroMQ's I/O threads (ZmqSubscriptionGuard)
	private final LongAdder subscriptionsRefused = new LongAdder();

	private final LongAdder subscribersCut = new LongAdder();

	private final LongAdder subscriptionsHeld = new LongAdder();

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

	/**
	 * Records what a bound socket's monitor saw since the last call (actor thread only): see
	 * {@code ZmqConnectionMonitor} and docs/network.md for what each number means.
	 * @param accepted incoming connections accepted
	 * @param handshaken ZMTP greetings completed
	 * @param disconnected connections that ended, for whatever reason
	 * @param rejected connections dropped before completing their handshake
	 * @param openDelta change of the number of open connections
	 */
	public void connections(long accepted, long handshaken, long disconnected, long rejected, long openDelta) {
		this.connectionsAccepted = this.connectionsAccepted + accepted;
		this.connectionsHandshaken = this.connectionsHandshaken + handshaken;
		this.connectionsDisconnected = this.connectionsDisconnected + disconnected;
		this.connectionsRejected = this.connectionsRejected + rejected;
		this.connectionsOpen = this.connectionsOpen + openDelta;
	}

	/** Counts a connection cut for going over a connection limit. Actor thread only. */
	public void connectionRefused() {
		this.connectionsRefused = this.connectionsRefused + 1;
	}

	/** The adder refused frame claims are counted into (JeroMQ's I/O threads write it). */
	public LongAdder framesRejectedAdder() {
		return this.framesRejected;
	}

	/** The adder refused subscriptions are counted into (JeroMQ's I/O threads write it). */
	public LongAdder subscriptionsRefusedAdder() {
		return this.subscriptionsRefused;
	}

	/** The adder subscribers cut off for going over a subscription limit are counted into. */
	public LongAdder subscribersCutAdder() {
		return this.subscribersCut;
	}

	/** The adder that follows how many subscriptions the peers of bound publishers hold. */
	public LongAdder subscriptionsHeldAdder() {
		return this.subscriptionsHeld;
	}

	/** Incoming connections accepted by the bound sockets. */
	public long getConnectionsAccepted() {
		return this.connectionsAccepted;
	}

	/** Connections that completed the ZMTP greeting. */
	public long getConnectionsHandshaken() {
		return this.connectionsHandshaken;
	}

	/** Connections that ended, for whatever reason (the peer left, junk, a timeout). */
	public long getConnectionsDisconnected() {
		return this.connectionsDisconnected;
	}

	/** Connections dropped before completing the ZMTP handshake (junk, a stalled or failed greeting). */
	public long getConnectionsRejected() {
		return this.connectionsRejected;
	}

	/** Connections cut for going over {@code zmq.bound-max-connections} or its per-address limit. */
	public long getConnectionsRefused() {
		return this.connectionsRefused;
	}

	/** Connections open now on the bound sockets. */
	public long getConnectionsOpen() {
		return this.connectionsOpen;
	}

	/** Frames whose claimed size was refused before it was allocated ({@code ZmqFrameGuard}). */
	public long getFramesRejected() {
		return this.framesRejected.sum();
	}

	/**
	 * Frames a bound publisher refused before JeroMQ's subscription trie saw them: subscriptions over
	 * a limit of {@code zmq.subscriptions.*}, and frames that are not subscriptions at all.
	 */
	public long getSubscriptionsRefused() {
		return this.subscriptionsRefused.sum();
	}

	/** Subscriber connections a bound publisher cut off because they went over a subscription limit. */
	public long getSubscribersCut() {
		return this.subscribersCut.sum();
	}

	/** Subscriptions the peers of the bound publishers hold now (a gauge; see {@code zmq.subscriptions.*}). */
	public long getSubscriptionsHeld() {
		return this.subscriptionsHeld.sum();
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
			total.connectionsAccepted += part.connectionsAccepted;
			total.connectionsHandshaken += part.connectionsHandshaken;
			total.connectionsDisconnected += part.connectionsDisconnected;
			total.connectionsRejected += part.connectionsRejected;
			total.connectionsOpen += part.connectionsOpen;
			total.connectionsRefused += part.connectionsRefused;
			total.framesRejected.add(part.framesRejected.sum());
			total.subscriptionsRefused.add(part.subscriptionsRefused.sum());
			total.subscribersCut.add(part.subscribersCut.sum());
			total.subscriptionsHeld.add(part.subscriptionsHeld.sum());
		}
		return total;
	}

}
