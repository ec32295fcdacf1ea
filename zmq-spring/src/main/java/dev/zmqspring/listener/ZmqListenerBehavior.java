package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.support.ZmqSocketFactory;

import zmq.Msg;
import zmq.SocketBase;
import zmq.ZError;

/**
 * The one engine behind every socket listener: {@code @ZmqSubscriber} (SUB), and {@code @ZmqWorker}
 * with REP, PULL, DEALER or ROUTER, alone or as one of the handler threads of a multithreaded server
 * (Guide ch.2). It reads a batch of messages per readable event; when the socket runs dry within a
 * batch it waits on the socket for more ({@link ZmqActorLoop#awaitInput}: as a blocking receive loop
 * does, ended by mail, a timer or 10 ms). It splits each message with
 * the listener's {@link ZmqEnvelope} rule, calls the method, and sends the result: back on the same
 * socket behind the routing envelope (REP, ROUTER, DEALER), to the {@code sendTo} PUSH (PULL), or
 * nowhere (SUB).
 *
 * <p>Failures never end the loop: the error handler is called, the raw frames go to the dead-letter
 * endpoint, and a requester gets a {@link ZmqErrorReply}. A REP socket always answers: {@code void}
 * or {@code null} becomes one empty frame, because REP cannot read the next request before it has
 * replied (Guide ch.1).
 *
 * <p>A {@code CompletionStage} result is sent when it completes. Completion happens on some other
 * thread, which must not touch the listener's sockets (Guide ch.2 "Multithreading with ZeroMQ"):
 * it posts the result to the actor's mailbox, and the actor sends the reply. A REP socket stops reading while its reply is pending; ROUTER and DEALER keep many requests
 * in flight. A stop waits for pending results up to the shutdown timeout.
 */
final class ZmqListenerBehavior implements ZmqListenerActorBehavior {

	private static final Log logger = LogFactory.getLog(ZmqListenerBehavior.class);

	/** Messages read per readable event before the actor polls again (mailbox, other sockets). */
	static final int BATCH = 256;

	private static final byte[] EMPTY = new byte[0];

	private final ZmqListenerSettings settings;

	private final SocketType type;

	private final List<ZmqEndpoint> endpoints;

	private final ZmqEnvelope envelope;

	private final List<String> subscriptions;

	private final ZmqListenerInvoker invoker;

	private final ZmqHandlerMethod handler;

	private final boolean mustReply;

	private volatile List<String> actualEndpoints = List.of();

	private volatile boolean yield;

	private ZmqActorLoop loop;

	private ZMQ.Socket socket;

	private ZMQ.Socket results;

	private boolean resultsNeedEnvelope;

	private int pending;

	private boolean awaitingReply;

	/**
	 * Creates the behavior of one listener actor.
	 * @param settings what the listener's actors share
	 * @param type the type of the socket this actor reads
	 * @param endpoints where that socket binds or connects
	 * @param envelope how to split received frames
	 * @param subscriptions SUB topic prefixes ({@code null} for other types)
	 */
	ZmqListenerBehavior(ZmqListenerSettings settings, SocketType type, List<ZmqEndpoint> endpoints,
			ZmqEnvelope envelope, List<String> subscriptions) {
		this.settings = settings;
		this.type = type;
		this.endpoints = endpoints;
		this.envelope = envelope;
		this.subscriptions = subscriptions;
		this.invoker = new ZmqListenerInvoker(settings);
		this.handler = settings.handler();
		this.mustReply = type == SocketType.REP;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		this.socket = loop.socket(this.type, List.of());
		if (this.subscriptions != null) {
			if (this.subscriptions.isEmpty()) {
				this.socket.subscribe(ZMQ.SUBSCRIPTION_ALL);
			}
			for (String topic : this.subscriptions) {
				this.socket.subscribe(topic);
			}
		}
		this.actualEndpoints = List.copyOf(ZmqSocketFactory.attach(this.socket, this.endpoints,
				this.settings.handler().source()));
		this.invoker.open(loop);
		if (!this.settings.sendTo().isEmpty()) {
			this.results = loop.socket(SocketType.PUSH, this.settings.sendTo());
		}
		else if (this.settings.replies()) {
			this.results = this.socket;
			this.resultsNeedEnvelope = true;
		}
		loop.registerReceiver(this.socket, this::onInput);
	}

	@Override
	public List<String> endpoints() {
		return this.actualEndpoints;
	}

	@Override
	public ZmqCounters counters() {
		return this.invoker.counters();
	}

	@Override
	public void yieldBatch() {
		this.yield = true;
	}

	@Override
	public void onResume() {
		this.yield = false;
	}

	private void onInput(ZMQ.Socket in) {
		// A fresh holder per batch, not one per actor: storing a frame into a long-lived (old) array costs
		// a G1 write barrier with a StoreLoad fence per frame, into a young one it does not. Measured on
		// the listener benchmarks, starter side alone: 11-21 ns less CPU per message (BENCHMARKS.md).
		ZmqInboundMessage message = new ZmqInboundMessage();
		ZmqListenerInvoker invoker = this.invoker;
		try {
			SocketBase base = in.base();
			for (int n = 0; n < BATCH && !this.yield; n++) {
				// JeroMQ's Msg API: the "more" flag comes with the frame, no ZMQ_RCVMORE query per frame.
				// Input is queued when the poller calls a receiver (registerReceiver); the first receive may
				// wait (at most the socket's 1 ms receive timeout) only should it not be after all
				Msg frame = base.recv((n == 0) ? 0 : ZMQ.DONTWAIT);
				if (frame == null) {
					raiseUnlessEmpty(base);
					// drained: wait on the socket for more, as a blocking loop would (mail, timers end it)
					if (!this.loop.awaitInput(in)) {
						return;
					}
					frame = base.recv(ZMQ.DONTWAIT);
					if (frame == null) {
						raiseUnlessEmpty(base);
						return;
					}
				}
				message.reset();
				long bytes = 0;
				while (true) {
					byte[] data = frame.data();
					message.add(data);
					bytes += data.length;
					if (!frame.hasMore()) {
						break;
					}
					frame = base.recv(0); // the rest of a multipart message is already queued
					if (frame == null) {
						raiseUnlessEmpty(base);
						break;
					}
				}
				invoker.received(message, bytes);
				this.envelope.split(message);
				handle(message);
				if (this.awaitingReply) {
					return;
				}
			}
		}
		finally {
			invoker.flush();
		}
	}

	/** What {@code ZMQ.Socket.recv} does after a failed receive: EAGAIN is "empty", anything else (ETERM) throws. */
	private static void raiseUnlessEmpty(SocketBase base) {
		int errno = base.errno();
		if (errno != 0 && errno != ZError.EAGAIN) {
			throw new ZMQException(errno);
		}
	}

	private void handle(ZmqInboundMessage message) {
		Object result;
		try {
			result = this.invoker.invoke(message);
		}
		catch (VirtualMachineError ex) {
			throw ex; // out of memory or stack: the listener stops and zmq.context turns DOWN (decision 0036)
		}
		catch (Throwable ex) {
			fail(message.frames, message.bodyStart, message.raw(), ex);
			return;
		}
		if (result instanceof CompletionStage<?> stage) {
			submit(message, stage.toCompletableFuture());
			return;
		}
		send(message.frames, message.bodyStart, result, message);
	}

	private void fail(byte[][] envelope, int envelopeSize, ZMsg raw, Throwable failure) {
		this.invoker.failed(raw, failure);
		if (this.resultsNeedEnvelope) {
			sendFrames(envelope, envelopeSize, null, ZmqErrorReply.of(failure));
		}
	}

	/**
	 * Sends a result: behind the envelope on the receiving socket, or to {@code sendTo}.
	 * @param raw the message (a {@link ZmqInboundMessage} or a {@code ZMsg}), copied only on failure
	 */
	private void send(byte[][] envelope, int envelopeSize, Object result, Object raw) {
		if (this.results == null) {
			return;
		}
		if (result == null || (result instanceof ZMsg msg && msg.isEmpty())) {
			if (this.mustReply) {
				sendFrames(envelope, envelopeSize, EMPTY, null);
			}
			return;
		}
		if (result instanceof ZMsg msg) {
			sendFrames(envelope, envelopeSize, null, msg);
			return;
		}
		byte[] frame;
		try {
			frame = this.handler.toFrame(result);
		}
		catch (RuntimeException ex) {
			fail(envelope, envelopeSize, (raw instanceof ZmqInboundMessage message) ? message.raw() : (ZMsg) raw, ex);
			return;
		}
		sendFrames(envelope, envelopeSize, frame, null);
	}

	private void sendFrames(byte[][] envelope, int envelopeSize, byte[] single, ZMsg frames) {
		ZMQ.Socket out = this.results;
		// replies never block the actor (a DEALER without peers would); results to sendTo apply back-pressure
		int flags = this.resultsNeedEnvelope ? ZMQ.DONTWAIT : 0;
		long bytes = 0;
		int count = (single != null) ? 1 : frames.size();
		if (this.resultsNeedEnvelope) {
			for (int i = 0; i < envelopeSize; i++) {
				if (!out.send(envelope[i], flags | ZMQ.SNDMORE) && i == 0) {
					dropped(out);
					return;
				}
				bytes += envelope[i].length;
			}
		}
		if (single != null) {
			if (!out.send(single, flags) && bytes == 0) {
				dropped(out);
				return;
			}
			bytes += single.length;
		}
		else {
			int remaining = count;
			for (ZFrame frame : frames) {
				byte[] data = frame.getData();
				boolean sent = out.send(data, flags | ((--remaining > 0) ? ZMQ.SNDMORE : 0));
				if (!sent && bytes == 0) {
					dropped(out);
					return;
				}
				bytes += data.length;
			}
		}
		this.invoker.sent(bytes);
	}

	private void dropped(ZMQ.Socket out) {
		int errno = out.errno();
		if (errno == ZError.ETERM) {
			throw new ZError.CtxTerminatedException();
		}
		this.invoker.counters().dropped();
	}

	private void submit(ZmqInboundMessage message, CompletableFuture<?> future) {
		if (future.isDone()) {
			Object value;
			try {
				value = future.get();
			}
			catch (ExecutionException | CancellationException | InterruptedException ex) {
				fail(message.frames, message.bodyStart, message.raw(), unwrap(ex));
				return;
			}
			send(message.frames, message.bodyStart, value, message);
			return;
		}
		byte[][] envelope = message.envelope();
		ZMsg raw = message.raw();
		this.pending++;
		if (this.mustReply) {
			// REP lock-step: no next request before this reply (Guide ch.1)
			this.awaitingReply = true;
			this.loop.unregister(this.socket);
		}
		Executor mailbox = this.loop.mailbox();
		future.whenComplete((value, failure) -> {
			try {
				mailbox.execute(() -> complete(envelope, raw, value, failure));
			}
			catch (RejectedExecutionException ex) {
				logger.debug("ZeroMQ listener '" + this.settings.id() + "' is gone; completion not delivered", ex);
			}
		});
	}

	/** On the actor thread, posted by the completing thread through the mailbox. */
	private void complete(byte[][] envelope, ZMsg raw, Object value, Throwable failure) {
		this.pending--;
		try {
			if (failure != null) {
				fail(envelope, envelope.length, raw, unwrap(failure));
			}
			else {
				send(envelope, envelope.length, value, raw);
			}
		}
		finally {
			this.invoker.flush();
		}
		if (this.awaitingReply) {
			this.awaitingReply = false;
			this.loop.registerReceiver(this.socket, this::onInput);
		}
	}

	@Override
	public void onStop() {
		if (this.pending == 0) {
			return;
		}
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		while (this.pending > 0) {
			long remaining = (deadline - System.nanoTime()) / 1_000_000;
			if (remaining <= 0) {
				logger.warn("ZeroMQ listener '" + this.settings.id() + "' stopped with " + this.pending
						+ " asynchronous result(s) still pending after " + this.settings.shutdownTimeout());
				return;
			}
			this.loop.runArriving(Duration.ofMillis(remaining));
		}
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
