package dev.zmqspring.core;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The asynchronous side of the template: one actor with one DEALER per endpoint and many requests in
 * flight on it (Guide ch.3 "Asynchronous Client/Server"). Each request goes out as
 * {@code [request-id][empty][payload...]}; REP and ROUTER peers return everything before the empty
 * delimiter, so the id comes back with the reply and picks the right future. A reply that arrives for
 * an id that is no longer pending (late, or of an abandoned attempt) is dropped and counted.
 *
 * <p>Lazy Pirate on a shared socket: after a timeout the request is resent under a new id (the old id
 * is forgotten), up to the configured retries, then the future fails with
 * {@link ZmqRequestTimeoutException}.
 */
final class AsyncRequester implements ZmqActorBehavior {

	private static final byte[] EMPTY = new byte[0];

	private static final int BATCH = 1024;

	/** A request between submission and completion. */
	static final class Pending {

		final String endpoint;

		final List<ZmqEndpoint> endpoints;

		final byte[][] frames;

		final Function<ZMsg, Object> decoder;

		final CompletableFuture<Object> future;

		final Duration timeout;

		final int attempts;

		long ticket;

		int attempt;

		long wireId;

		Pending(String endpoint, List<ZmqEndpoint> endpoints, byte[][] frames, Function<ZMsg, Object> decoder,
				CompletableFuture<Object> future, Duration timeout, int attempts) {
			this.endpoint = endpoint;
			this.endpoints = endpoints;
			this.frames = frames;
			this.decoder = decoder;
			this.future = future;
			this.timeout = timeout;
			this.attempts = attempts;
		}

	}

	/** When an attempt times out; stale once its request was answered or resent. */
	private record Deadline(long at, long wireId, Pending pending) {
	}

	private final String inbox;

	private final ZmqActor actor;

	private final AtomicLong submissions = new AtomicLong();

	private final Map<Long, Pending> submitted = new ConcurrentHashMap<>();

	// actor-thread state
	private final Map<String, ZMQ.Socket> dealers = new HashMap<>();

	private final Map<Long, Pending> inFlight = new HashMap<>();

	private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));

	private long nextWireId;

	private volatile long droppedReplies;

	private ZmqActorLoop loop;

	AsyncRequester(String inbox, ZmqSocketFactory factory) {
		this.inbox = inbox;
		this.actor = new ZmqActor("template-requester", factory, this);
	}

	void start(Duration timeout) {
		this.actor.start(timeout);
	}

	void stop(Duration timeout) {
		this.actor.stop(timeout);
	}

	String inbox() {
		return this.inbox;
	}

	long droppedReplies() {
		return this.droppedReplies;
	}

	int pending() {
		return this.submitted.size();
	}

	/**
	 * Registers a request; the caller then sends the returned ticket to the inbox.
	 * @return the ticket bytes to push to the actor
	 */
	byte[] submit(Pending pending) {
		long ticket = this.submissions.incrementAndGet();
		pending.ticket = ticket;
		this.submitted.put(ticket, pending);
		return ByteBuffer.allocate(8).putLong(ticket).array();
	}

	void abandon(byte[] ticket) {
		this.submitted.remove(ByteBuffer.wrap(ticket).getLong());
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		ZMQ.Socket in = loop.socket(SocketType.PULL, List.of(ZmqEndpoint.bind(this.inbox)));
		loop.register(in, this::onSubmitted);
	}

	private void onSubmitted(ZMQ.Socket in) {
		for (int i = 0; i < BATCH; i++) {
			byte[] ticket = in.recv(ZMQ.DONTWAIT);
			if (ticket == null) {
				return;
			}
			Pending pending = this.submitted.get(ByteBuffer.wrap(ticket).getLong());
			if (pending != null && !pending.future.isDone()) {
				send(pending);
			}
		}
	}

	private void send(Pending pending) {
		ZMQ.Socket dealer = this.dealers.get(pending.endpoint);
		if (dealer == null) {
			dealer = this.loop.socket(SocketType.DEALER, pending.endpoints);
			this.loop.register(dealer, this::onReply);
			this.dealers.put(pending.endpoint, dealer);
		}
		pending.attempt++;
		pending.wireId = ++this.nextWireId;
		this.inFlight.put(pending.wireId, pending);
		this.deadlines.add(new Deadline(System.currentTimeMillis() + pending.timeout.toMillis(), pending.wireId, pending));
		dealer.send(ByteBuffer.allocate(8).putLong(pending.wireId).array(), ZMQ.SNDMORE);
		dealer.send(EMPTY, ZMQ.SNDMORE);
		byte[][] frames = pending.frames;
		for (int i = 0; i < frames.length; i++) {
			dealer.send(frames[i], (i < frames.length - 1) ? ZMQ.SNDMORE : 0);
		}
	}

	private void onReply(ZMQ.Socket dealer) {
		for (int i = 0; i < BATCH; i++) {
			ZMsg msg = ZMsg.recvMsg(dealer, ZMQ.DONTWAIT);
			if (msg == null) {
				return;
			}
			byte[] id = msg.pop().getData();
			Pending pending = (id.length == 8 && msg.size() > 0 && msg.peekFirst().size() == 0)
					? this.inFlight.remove(ByteBuffer.wrap(id).getLong()) : null;
			if (pending == null) {
				this.droppedReplies++;
				continue;
			}
			msg.pop();
			complete(pending, msg);
		}
	}

	private void complete(Pending pending, ZMsg reply) {
		forget(pending);
		try {
			if (ZmqErrorReply.isErrorReply(reply)) {
				pending.future.completeExceptionally(
						new ZmqRemoteException(pending.endpoint, ZmqErrorReply.description(reply)));
			}
			else {
				pending.future.complete(pending.decoder.apply(reply));
			}
		}
		catch (RuntimeException ex) {
			pending.future.completeExceptionally(ex);
		}
	}

	private void forget(Pending pending) {
		this.submitted.remove(pending.ticket);
	}

	@Override
	public long nextTimerMillis() {
		Deadline first = this.deadlines.peek();
		return (first != null) ? first.at() : -1;
	}

	@Override
	public void onTimer(long now) {
		Deadline due;
		while ((due = this.deadlines.peek()) != null && due.at() <= now) {
			this.deadlines.poll();
			Pending pending = due.pending();
			if (this.inFlight.get(due.wireId()) != pending) {
				continue; // answered or already resent
			}
			this.inFlight.remove(due.wireId());
			if (pending.future.isDone()) {
				forget(pending);
			}
			else if (pending.attempt < pending.attempts) {
				send(pending);
			}
			else {
				forget(pending);
				pending.future.completeExceptionally(
						new ZmqRequestTimeoutException(pending.endpoint, pending.timeout, pending.attempts));
			}
		}
	}

	@Override
	public void onClose() {
		ZmqException closed = new ZmqException("ZmqTemplate closed before a reply arrived");
		this.inFlight.values().forEach((pending) -> pending.future.completeExceptionally(closed));
		this.submitted.values().forEach((pending) -> pending.future.completeExceptionally(closed));
		this.inFlight.clear();
		this.submitted.clear();
		this.deadlines.clear();
	}

}
