package dev.zmqspring.core.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqActorMailbox;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The non-blocking side of the request-reply engine: many requests in flight on one actor (Guide ch.3
 * "Asynchronous Client/Server", ch.4 "Asynchronous Majordomo Pattern"), each retried like a Lazy
 * Pirate (ch.4): an attempt that gets no reply within the timeout is forgotten and sent again, up to
 * the attempts, then its future fails with {@link ZmqRequestTimeoutException}. How requests go on the
 * wire and how replies find their request is the {@link ZmqAsyncCorrelation}: an envelope id for the
 * template, one request per connection for Majordomo.
 *
 * <p>The engine runs on an actor of its own, or {@link #embedded embedded} as one part of another
 * actor's behavior (a {@link dev.zmqspring.actor.internal.ZmqCompositeBehavior}), as Titanic's dispatcher runs
 * it. Callers on any thread {@link #submit} through the actor's mailbox (no socket on the caller's
 * side); futures complete on the actor thread, so slow callbacks belong in the {@code ...Async}
 * variants of {@link java.util.concurrent.CompletableFuture}. A reply in the {@link ZmqErrorReply}
 * format fails the future with {@link ZmqRemoteException}. Requests still open when the engine stops
 * fail with a {@link ZmqException}.
 */
public final class AsyncRequestEngine implements ZmqActorBehavior, ZmqAsyncCorrelation.Completions {

	private final ZmqAsyncCorrelation correlation;

	private final Duration timeout;

	private final long timeoutMillis;

	private final int attempts;

	private final ZmqCounters counters;

	private final String owner;

	private final ZmqActor actor;

	private volatile ZmqActorMailbox mailbox;

	// actor-thread state: one timeout for every attempt, so deadlines come due in the order they start
	private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();

	private long nextToken;

	/**
	 * Creates the engine; nothing runs until {@link #start}.
	 * @param name the actor's name
	 * @param factory where the actor's sockets come from
	 * @param correlation how requests go on the wire and replies find them
	 * @param policy how long each attempt waits and how many there are
	 * @param counters counts requests sent, replies received and replies dropped
	 * @param owner the client that owns the engine, for the message of requests failed at shutdown
	 */
	public AsyncRequestEngine(String name, ZmqSocketFactory factory, ZmqAsyncCorrelation correlation,
			ZmqRetryPolicy policy, ZmqCounters counters, String owner) {
		this.correlation = correlation;
		this.timeout = policy.timeout();
		this.timeoutMillis = Math.max(1, policy.timeout().toMillis());
		this.attempts = policy.attempts();
		this.counters = counters;
		this.owner = owner;
		this.actor = (factory != null) ? new ZmqActor(name, factory, this) : null;
		this.mailbox = (this.actor != null) ? this.actor.mailbox() : null;
	}

	/**
	 * An engine without an actor of its own, to run as a part of another actor's behavior: it opens
	 * with that actor and submissions go through that actor's mailbox.
	 * @param correlation how requests go on the wire and replies find them
	 * @param policy how long each attempt waits and how many there are
	 * @param counters counts requests sent, replies received and replies dropped
	 * @param owner the component that owns the engine, for messages
	 * @return the engine; {@link #start} and {@link #stop} are not for it
	 */
	public static AsyncRequestEngine embedded(ZmqAsyncCorrelation correlation, ZmqRetryPolicy policy,
			ZmqCounters counters, String owner) {
		return new AsyncRequestEngine(owner, null, correlation, policy, counters, owner);
	}

	/**
	 * Starts the actor.
	 * @param timeout how long opening may take
	 */
	public void start(Duration timeout) {
		ownActor().start(timeout);
	}

	/**
	 * Stops the actor; open requests fail.
	 * @param timeout how long stopping may take
	 */
	public void stop(Duration timeout) {
		ownActor().stop(timeout);
	}

	private ZmqActor ownActor() {
		if (this.actor == null) {
			throw new IllegalStateException("An embedded engine starts and stops with the actor it is part of");
		}
		return this.actor;
	}

	/**
	 * Hands a request to the engine; safe from any thread, including an interrupted one.
	 * @param request the request; its future completes on the engine's thread
	 */
	public void submit(ZmqAsyncRequest request) {
		ZmqActorMailbox current = this.mailbox;
		if (current == null) {
			request.future().completeExceptionally(new ZmqException(this.owner + " has not started"));
			return;
		}
		try {
			current.execute(new Submission(request));
		}
		catch (RejectedExecutionException ex) {
			request.future().completeExceptionally(closed());
		}
	}

	/** The counters: requests sent, replies received, replies dropped. */
	public ZmqCounters counters() {
		return this.counters;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.mailbox = loop.mailbox();
		this.correlation.open(loop, this);
	}

	// ---------------------------------------------------------------- Completions

	@Override
	public long sent(ZmqAsyncRequest request, long now) {
		request.attempt++;
		long token = ++this.nextToken;
		request.token = token;
		this.deadlines.add(new Deadline(now + this.timeoutMillis, request, token));
		this.counters.sent(request.size());
		return token;
	}

	@Override
	public void replied(ZmqAsyncRequest request, ZMsg body) {
		request.token = 0; // answered: its deadline no longer applies
		this.counters.received(body.contentSize());
		try {
			if (ZmqErrorReply.isErrorReply(body)) {
				request.future().completeExceptionally(new ZmqRemoteException(
						this.correlation.describe(request.target()), ZmqErrorReply.description(body)));
			}
			else {
				request.future().complete(request.decoder().apply(body));
			}
		}
		catch (RuntimeException ex) {
			request.future().completeExceptionally(ex);
		}
	}

	@Override
	public void dropped() {
		this.counters.dropped();
	}

	@Override
	public void timedOut(ZmqAsyncRequest request) {
		request.token = 0;
		request.future().completeExceptionally(new ZmqRequestTimeoutException(
				this.correlation.describe(request.target()), this.timeout, this.attempts));
	}

	// ---------------------------------------------------------------- timers

	@Override
	public long nextTimerMillis() {
		Deadline first = this.deadlines.peek();
		return (first != null) ? first.at : -1;
	}

	@Override
	public void onTimer(long now) {
		Deadline due;
		while ((due = this.deadlines.peek()) != null && due.at <= now) {
			this.deadlines.poll();
			ZmqAsyncRequest request = due.request;
			if (request.token != due.token) {
				continue; // answered, or already sent again
			}
			boolean retry = !request.isDone() && request.attempt < this.attempts;
			this.correlation.expired(request, retry, now);
			if (!retry) {
				timedOut(request);
			}
		}
	}

	@Override
	public void onClose() {
		ZmqException closed = closed();
		for (Deadline deadline : this.deadlines) {
			deadline.request.future().completeExceptionally(closed);
		}
		this.deadlines.clear();
		this.correlation.close((request) -> request.future().completeExceptionally(closed));
	}

	private ZmqException closed() {
		return new ZmqException(this.owner + " closed before a reply arrived");
	}

	private record Deadline(long at, ZmqAsyncRequest request, long token) {
	}

	/**
	 * An engine a client starts on its first asynchronous request and stops when it closes, so a
	 * client that never sends one never starts a thread. Thread-safe.
	 */
	public static final class OnDemand {

		private final java.util.function.Supplier<AsyncRequestEngine> creator;

		private final Duration startTimeout;

		private volatile AsyncRequestEngine engine;

		/**
		 * Prepares an engine.
		 * @param creator creates the engine (not yet started)
		 * @param startTimeout how long starting and stopping may take
		 */
		public OnDemand(java.util.function.Supplier<AsyncRequestEngine> creator, Duration startTimeout) {
			this.creator = creator;
			this.startTimeout = startTimeout;
		}

		/** The running engine, started now if it is not yet. */
		public AsyncRequestEngine get() {
			AsyncRequestEngine current = this.engine;
			if (current == null) {
				synchronized (this) {
					current = this.engine;
					if (current == null) {
						current = this.creator.get();
						current.start(this.startTimeout);
						this.engine = current;
					}
				}
			}
			return current;
		}

		/** The counters of the engine, zero while it has not started. */
		public long dropped() {
			AsyncRequestEngine current = this.engine;
			return (current != null) ? current.counters().getDropped() : 0;
		}

		/** Stops the engine if it was started; its open requests fail. */
		public void stop() {
			AsyncRequestEngine current = this.engine;
			if (current != null) {
				current.stop(this.startTimeout);
			}
		}

	}

	/** A submission on its way through the mailbox; fails its request if the engine ends first. */
	private final class Submission implements ZmqActorMailbox.Task {

		private final ZmqAsyncRequest request;

		Submission(ZmqAsyncRequest request) {
			this.request = request;
		}

		@Override
		public void run() {
			if (!this.request.isDone()) {
				AsyncRequestEngine.this.correlation.send(this.request, System.currentTimeMillis());
			}
		}

		@Override
		public void abandoned() {
			this.request.future().completeExceptionally(closed());
		}

	}

}
