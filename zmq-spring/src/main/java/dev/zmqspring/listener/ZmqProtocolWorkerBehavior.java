package dev.zmqspring.listener;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.zeromq.ZFrame;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.core.ZmqErrorReply;

/**
 * One broker worker of a {@code @ZmqWorker(protocol = ...)} or {@code @ZmqWorker(service = ...)}
 * method: the {@link ZmqWorkerProtocol}'s behavior (Paranoid Pirate, load-balancing READY,
 * Majordomo) runs the socket and the protocol; this wrapper is the {@link ZmqRequestHandler} it
 * calls, with the same conversion, counters, error handler and dead letter as every other listener.
 * A failing method yields a {@link ZmqErrorReply} body, so the client behind the broker is told.
 *
 * <p>The protocol handler is synchronous: a {@code CompletionStage} result is awaited on the
 * worker's own thread.
 */
final class ZmqProtocolWorkerBehavior implements ZmqListenerActorBehavior, ZmqRequestHandler {

	private final ZmqListenerInvoker invoker;

	private final ZmqHandlerMethod handler;

	private final ZmqInboundMessage message = new ZmqInboundMessage();

	private final List<String> endpoints;

	private ZmqActorBehavior delegate;

	ZmqProtocolWorkerBehavior(ZmqListenerSettings settings, List<String> endpoints) {
		this.invoker = new ZmqListenerInvoker(settings);
		this.handler = settings.handler();
		this.endpoints = endpoints;
	}

	/** Sets the protocol's behavior, created with this handler. */
	void setDelegate(ZmqActorBehavior delegate) {
		this.delegate = delegate;
	}

	@Override
	public ZMsg handle(ZMsg request) {
		ZmqInboundMessage message = this.message;
		message.reset();
		long bytes = 0;
		for (ZFrame frame : request) {
			byte[] data = frame.getData();
			message.add(data);
			bytes += data.length;
		}
		this.invoker.received(message, bytes);
		ZmqEnvelope.NONE.split(message);
		ZMsg reply;
		try {
			Object result = this.invoker.invoke(message);
			if (result instanceof CompletionStage<?> stage) {
				result = stage.toCompletableFuture().get();
			}
			reply = toReply(result);
		}
		catch (VirtualMachineError ex) {
			throw ex; // out of memory or stack: the worker stops and zmq.context turns DOWN (decision 0036)
		}
		catch (Throwable ex) {
			Throwable failure = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
			if (failure instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			this.invoker.failed(message.raw(), failure);
			reply = ZmqErrorReply.of(failure);
		}
		if (reply != null) {
			long sent = 0;
			for (ZFrame frame : reply) {
				sent += frame.size();
			}
			this.invoker.sent(sent);
		}
		this.invoker.flush();
		return reply;
	}

	@Override
	public void dropped() {
		this.invoker.counters().dropped();
	}

	private ZMsg toReply(Object result) {
		if (result == null) {
			return null;
		}
		if (result instanceof ZMsg msg) {
			return msg.isEmpty() ? null : msg;
		}
		ZMsg msg = new ZMsg();
		msg.add(this.handler.toFrame(result));
		return msg;
	}

	@Override
	public void open(ZmqActorLoop loop) throws Exception {
		this.invoker.open(loop);
		this.delegate.open(loop);
	}

	@Override
	public long nextTimerMillis() {
		return this.delegate.nextTimerMillis();
	}

	@Override
	public void onTimer(long now) {
		this.delegate.onTimer(now);
	}

	@Override
	public void onPause() {
		this.delegate.onPause();
	}

	@Override
	public void onResume() {
		this.delegate.onResume();
	}

	@Override
	public void onStop() {
		this.delegate.onStop();
	}

	@Override
	public void onClose() {
		this.delegate.onClose();
	}

	@Override
	public List<String> endpoints() {
		return this.endpoints;
	}

	@Override
	public ZmqCounters counters() {
		return this.invoker.counters();
	}

}
