package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import io.micrometer.observation.Observation;

import org.springframework.context.ApplicationEventPublisher;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.observation.ZmqReceiverObservations;
import dev.zmqspring.observation.ZmqTraceContext;
import dev.zmqspring.support.ZmqPublishStamp;

/**
 * One actor's way of calling a listener method: its own counters (single writer),
 * sampled timing of the invocations, and the failure path shared by socket listeners and worker
 * protocols: count the error, call the error handler, push the raw frames to the dead-letter
 * endpoint. Used only on the owning actor's thread.
 */
final class ZmqListenerInvoker {

	private static final Log logger = LogFactory.getLog(ZmqListenerInvoker.class);

	/**
	 * Which invocations of a batch are timed: the first, then one in 32. {@code System.nanoTime} is
	 * a {@code clock_gettime} call; on the benchmark machine (a KVM guest) timing one message in
	 * eight took 6 % of the listener thread's CPU ({@code perf}). The batch's time is extrapolated
	 * from the timed invocations, so a listener that gets one message per batch is still timed
	 * exactly.
	 */
	private static final long TIMING_MASK = 31;

	private final ZmqListenerSettings settings;

	private final ZmqHandlerMethod handler;

	private final ZmqCounters counters = new ZmqCounters();

	private ZMQ.Socket deadLetter;

	private ZmqActorLoop loop;

	/** Whether the listener is in an episode of lag (slow-subscriber detection). */
	private boolean lagging;

	/** The trace context removed from the message being handled (observation and trace context on). */
	private ZmqTraceContext traceContext;

	// per-batch tallies, published to the (volatile) counters once per batch by flush()
	private long receivedMessages;

	private long receivedBytes;

	private long sentMessages;

	private long sentBytes;

	private long invocations;

	private long timedInvocations;

	private long timedNanos;

	ZmqListenerInvoker(ZmqListenerSettings settings) {
		this.settings = settings;
		this.handler = settings.handler();
	}

	ZmqListenerSettings settings() {
		return this.settings;
	}

	ZmqHandlerMethod handler() {
		return this.handler;
	}

	ZmqCounters counters() {
		return this.counters;
	}

	/**
	 * Opens the dead-letter PUSH on the actor, if the listener has one.
	 * @param loop the actor loop
	 */
	void open(ZmqActorLoop loop) {
		this.loop = loop;
		List<?> endpoints = this.settings.deadLetter();
		if (!endpoints.isEmpty()) {
			this.deadLetter = loop.socket(SocketType.PUSH, this.settings.deadLetter());
		}
	}

	/**
	 * Calls the method, timing it.
	 * @param message the message
	 * @return the method's result
	 * @throws Throwable what the method or a conversion threw
	 */
	Object invoke(ZmqInboundMessage message) throws Throwable {
		ZmqReceiverObservations observations = this.settings.observations();
		if (observations != null) {
			return observed(observations, message);
		}
		return timed(message);
	}

	private Object observed(ZmqReceiverObservations observations, ZmqInboundMessage message) throws Throwable {
		ZmqTraceContext carrier = this.traceContext;
		this.traceContext = null;
		Observation observation = observations.start(this.settings.id(), this.settings.kind(), this.settings.replies(),
				(carrier != null) ? carrier : new ZmqTraceContext());
		try (Observation.Scope scope = observation.openScope()) {
			return timed(message);
		}
		catch (Throwable ex) {
			observations.failed(observation, ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private Object timed(ZmqInboundMessage message) throws Throwable {
		if ((this.invocations++ & TIMING_MASK) != 0) {
			return this.handler.invoke(message);
		}
		long start = System.nanoTime();
		try {
			return this.handler.invoke(message);
		}
		finally {
			this.timedInvocations++;
			this.timedNanos += System.nanoTime() - start;
		}
	}

	/**
	 * Tallies one received message (published by {@link #flush}) and, when the listener accepts trace
	 * context, removes its trailing trace-context frame (kept for the observation of the invocation).
	 * Called before the envelope is split, so the frame never counts as topic or payload.
	 * @param message the message as read
	 * @param bytes its size
	 */
	void received(ZmqInboundMessage message, long bytes) {
		this.receivedMessages++;
		this.receivedBytes += bytes;
		this.traceContext = null;
		if (this.settings.traceContext()) {
			message.traceContext = null;
			int last = message.size - 1;
			if (last > 0 && ZmqTraceContext.isTraceFrame(message.frames[last])) {
				message.size = last;
				if (this.settings.observations() != null || this.handler.readsTraceContext()) {
					ZmqTraceContext context = ZmqTraceContext.fromFrame(message.frames[last]);
					this.traceContext = context;
					message.traceContext = context;
				}
				message.frames[last] = null;
			}
		}
		ZmqSlowSubscriberPolicy slowSubscriber = this.settings.slowSubscriber();
		if (slowSubscriber != null) {
			checkLag(message, slowSubscriber);
		}
	}

	/**
	 * Slow-subscriber detection (Guide ch.5, Suicidal Snail): removes the message's publish stamp and,
	 * when the message arrived later than the policy allows, starts an episode of lag: the event, then
	 * the policy's action. The episode ends when a message arrives within half the allowed lag.
	 */
	private void checkLag(ZmqInboundMessage message, ZmqSlowSubscriberPolicy policy) {
		int last = message.size - 1;
		if (last < 1 || !ZmqPublishStamp.isStamp(message.frames[last])) {
			return;
		}
		long lag = System.currentTimeMillis() - ZmqPublishStamp.epochMillis(message.frames[last]);
		message.size = last;
		message.frames[last] = null;
		long max = policy.maxLag().toMillis();
		if (!this.lagging) {
			if (lag > max) {
				this.lagging = true;
				lagged(Duration.ofMillis(lag), policy);
			}
		}
		else if (lag <= max / 2) {
			this.lagging = false;
		}
	}

	private void lagged(Duration lag, ZmqSlowSubscriberPolicy policy) {
		String id = this.settings.id();
		ApplicationEventPublisher events = this.settings.events();
		if (events != null) {
			try {
				events.publishEvent(new ZmqSlowSubscriberEvent(id, id, lag, policy));
			}
			catch (RuntimeException ex) {
				logger.warn("A listener of the slow-subscriber event of '" + id + "' failed; ignored", ex);
			}
		}
		String what = "ZeroMQ subscriber '" + id + "' is " + lag.toMillis() + " ms behind its publisher (max-lag "
				+ policy.maxLag().toMillis() + " ms)";
		switch (policy.action()) {
			case LOG -> logger.warn(what);
			case STOP -> {
				logger.warn(what + "; stopping it (Suicidal Snail, Guide ch.5)");
				this.loop.stop();
			}
			case FAIL -> throw new ZmqSlowSubscriberException(what);
		}
	}

	/** Tallies one sent message (published by {@link #flush}). */
	void sent(long bytes) {
		this.sentMessages++;
		this.sentBytes += bytes;
	}

	/** Publishes the tallies of the current batch to the counters: a few volatile writes per batch. */
	void flush() {
		if (this.receivedMessages > 0) {
			this.counters.received(this.receivedMessages, this.receivedBytes);
			this.receivedMessages = 0;
			this.receivedBytes = 0;
		}
		if (this.invocations > 0) {
			long nanos = (this.timedInvocations == this.invocations) ? this.timedNanos
					: this.timedNanos * this.invocations / this.timedInvocations;
			this.counters.handled(this.invocations, nanos);
			this.invocations = 0;
			this.timedInvocations = 0;
			this.timedNanos = 0;
		}
		if (this.sentMessages > 0) {
			this.counters.sent(this.sentMessages, this.sentBytes);
			this.sentMessages = 0;
			this.sentBytes = 0;
		}
	}

	/**
	 * The failure path: counts the error, tells the error handler and pushes the message to the
	 * dead-letter endpoint. Never throws (except for VM errors).
	 * @param raw the message as received
	 * @param failure what went wrong
	 */
	void failed(ZMsg raw, Throwable failure) {
		if (failure instanceof VirtualMachineError error) {
			throw error;
		}
		this.counters.error();
		try {
			this.settings.errorHandler().handleError(
					new ZmqListenerFailure(this.settings.id(), this.handler.source(), raw.duplicate(), failure));
		}
		catch (RuntimeException ex) {
			logger.warn("Error handler of ZeroMQ listener '" + this.settings.id() + "' failed; ignored", ex);
		}
		ZMQ.Socket socket = this.deadLetter;
		if (socket != null && !raw.isEmpty()) {
			int remaining = raw.size();
			boolean first = true;
			for (ZFrame frame : raw) {
				boolean sent = socket.send(frame.getData(), ZMQ.DONTWAIT | ((--remaining > 0) ? ZMQ.SNDMORE : 0));
				if (first && !sent) {
					this.counters.dropped(); // no dead-letter peer or its queue is full: never block the listener
					return;
				}
				first = false;
			}
		}
	}

}
