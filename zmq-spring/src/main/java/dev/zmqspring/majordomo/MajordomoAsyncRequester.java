package dev.zmqspring.majordomo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;

/**
 * The asynchronous Majordomo client (Guide ch.4 "Asynchronous Majordomo Pattern", mdcliapi2): one
 * actor with many requests in flight.
 *
 * <h2>Correlation</h2> MDP/0.1 has no request id: a broker returns a reply to the client's routing id
 * with only the service name, and with several workers per service replies arrive in any order. So
 * replies are correlated by <em>connection</em>: per service the actor opens up to
 * {@code asyncConnections} DEALER sockets ("lanes") to the broker, each carrying at most one request at
 * a time; a reply on a lane belongs to that lane's one outstanding request. Requests beyond that wait
 * in the actor (FIFO per service) for a free lane. This needs nothing from the broker or the workers
 * beyond spec 7, so it works with any MDP broker (the Guide's C/Python/Java ones, ours).
 *
 * <h2>Timeouts</h2> When an attempt times out its lane is closed and replaced by a fresh socket (a late
 * reply then dies with the old socket and can never be mistaken for the next request's), and the
 * request is resent, up to the configured attempts (Lazy Pirate, as in mdcliapi). A request that waited
 * in the client longer than all its attempts together fails without being sent.
 *
 * <p>Futures complete on this actor's thread: use the {@code ...Async} variants of
 * {@link CompletableFuture} for slow callbacks.
 */
final class MajordomoAsyncRequester implements ZmqActorBehavior {

	private static final int BATCH = 1024;

	/** A request between submission and completion. */
	static final class Pending {

		final String service;

		final byte[][] frames;

		final Function<ZMsg, Object> decoder;

		final CompletableFuture<Object> future;

		final long submittedAt;

		int attempt;

		Pending(String service, byte[][] frames, Function<ZMsg, Object> decoder, CompletableFuture<Object> future) {
			this.service = service;
			this.frames = frames;
			this.decoder = decoder;
			this.future = future;
			this.submittedAt = System.currentTimeMillis();
		}

	}

	private final String inbox;

	private final String endpoint;

	private final List<ZmqEndpoint> broker;

	private final long timeoutMillis;

	private final int attempts;

	private final int maxLanes;

	private final long maxMessageSize;

	private final ZmqCounters counters;

	private final ConcurrentLinkedQueue<Pending> submitted = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean wakePending = new AtomicBoolean();

	// actor-thread state
	private final Map<String, Service> services = new HashMap<>();

	private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();

	private final ArrayList<Lane> allLanes = new ArrayList<>();

	private ZmqActorLoop loop;

	private volatile boolean closed;

	MajordomoAsyncRequester(String inbox, String endpoint, List<ZmqEndpoint> broker, long timeoutMillis, int attempts,
			int maxLanes, long maxMessageSize, ZmqCounters counters) {
		this.inbox = inbox;
		this.endpoint = endpoint;
		this.broker = broker;
		this.timeoutMillis = timeoutMillis;
		this.attempts = attempts;
		this.maxLanes = maxLanes;
		this.maxMessageSize = maxMessageSize;
		this.counters = counters;
	}

	String inbox() {
		return this.inbox;
	}

	/**
	 * Queues a request.
	 * @param pending the request
	 * @return whether the caller must send a frame to the inbox to wake the actor (only the first
	 * submission since the actor last drained the queue does: a burst costs one wake-up, not one per
	 * request)
	 */
	boolean submit(Pending pending) {
		if (this.closed) {
			pending.future.completeExceptionally(new ZmqException("MajordomoClient is closed"));
			return false;
		}
		this.submitted.add(pending);
		return !this.wakePending.getAndSet(true);
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		ZMQ.Socket in = loop.socket(SocketType.PULL, List.of(ZmqEndpoint.bind(this.inbox)));
		loop.register(in, this::onWake);
	}

	private void onWake(ZMQ.Socket in) {
		for (int i = 0; i < BATCH; i++) {
			if (in.recv(ZMQ.DONTWAIT) == null) {
				break;
			}
		}
		this.wakePending.set(false); // before draining: a later submission wakes us again
		long now = System.currentTimeMillis();
		Pending pending;
		while ((pending = this.submitted.poll()) != null) {
			if (!pending.future.isDone()) {
				Service service = this.services.computeIfAbsent(pending.service, Service::new);
				service.waiting.add(pending);
				service.pump(now);
			}
		}
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
			Lane lane = due.lane;
			if (lane.pending == null || lane.sequence != due.sequence) {
				continue; // answered meanwhile
			}
			Pending pending = lane.pending;
			lane.pending = null;
			lane.reconnect(); // a late reply must never meet the next request on this lane
			Service service = lane.service;
			if (pending.future.isDone()) {
				service.release(lane, now);
			}
			else if (pending.attempt < this.attempts) {
				lane.send(pending, now);
			}
			else {
				pending.future.completeExceptionally(timeout(pending.service));
				service.giveUpIfSilent(now);
				service.release(lane, now);
			}
		}
	}

	private ZmqRequestTimeoutException timeout(String service) {
		return new ZmqRequestTimeoutException(this.endpoint + " (service '" + service + "')",
				java.time.Duration.ofMillis(this.timeoutMillis), this.attempts);
	}

	@Override
	public void onClose() {
		this.closed = true;
		ZmqException closedException = new ZmqException("MajordomoClient closed before a reply arrived");
		for (Lane lane : this.allLanes) {
			if (lane.pending != null) {
				lane.pending.future.completeExceptionally(closedException);
			}
		}
		for (Service service : this.services.values()) {
			service.waiting.forEach((pending) -> pending.future.completeExceptionally(closedException));
		}
		Pending pending;
		while ((pending = this.submitted.poll()) != null) {
			pending.future.completeExceptionally(closedException);
		}
		this.services.clear();
		this.allLanes.clear();
		this.deadlines.clear();
	}

	// ---------------------------------------------------------------- state

	private record Deadline(long at, Lane lane, long sequence) {
	}

	/** The lanes and the waiting requests of one service. */
	private final class Service {

		final String name;

		final byte[] frame;

		final ArrayDeque<Pending> waiting = new ArrayDeque<>();

		final ArrayDeque<Lane> idle = new ArrayDeque<>();

		int lanes;

		long lastProgress;

		Service(String name) {
			this.name = name;
			this.frame = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}

		/** Sends waiting requests while lanes are free (or may be opened). */
		void pump(long now) {
			while (!this.waiting.isEmpty()) {
				if (busyLanes() == 0) {
					this.lastProgress = now; // the clock of "no reply at all" starts with the first request
				}
				Lane lane = this.idle.poll();
				if (lane == null) {
					if (this.lanes >= MajordomoAsyncRequester.this.maxLanes) {
						return;
					}
					lane = new Lane(this);
					this.lanes++;
				}
				Pending pending = this.waiting.poll();
				if (pending.future.isDone()) {
					this.idle.push(lane);
				}
				else {
					lane.send(pending, now);
				}
			}
		}

		int busyLanes() {
			return this.lanes - this.idle.size();
		}

		/**
		 * After a request failed for good: if the service gave no reply at all for every attempt's
		 * worth of time, the broker or the service is gone, so the requests still waiting in the client
		 * fail now instead of each waiting its own turn (mdcliapi2 gives up the same way).
		 */
		void giveUpIfSilent(long now) {
			long budget = MajordomoAsyncRequester.this.timeoutMillis * MajordomoAsyncRequester.this.attempts;
			if (now - this.lastProgress < budget) {
				return;
			}
			Pending pending;
			while ((pending = this.waiting.poll()) != null) {
				pending.future.completeExceptionally(timeout(this.name));
			}
		}

		void release(Lane lane, long now) {
			this.idle.push(lane);
			pump(now);
		}

	}

	/** One DEALER to the broker carrying at most one request of one service at a time. */
	private final class Lane {

		final Service service;

		ZMQ.Socket socket;

		Pending pending;

		long sequence;

		Lane(Service service) {
			this.service = service;
			open();
			MajordomoAsyncRequester.this.allLanes.add(this);
		}

		private void open() {
			ZmqActorLoop loop = MajordomoAsyncRequester.this.loop;
			this.socket = loop.socket(SocketType.DEALER,
					loop.factory().getOptions().withMaxMessageSize(MajordomoAsyncRequester.this.maxMessageSize),
					MajordomoAsyncRequester.this.broker);
			ZMQ.Socket mine = this.socket;
			loop.register(mine, (s) -> onReply(mine));
		}

		void reconnect() {
			MajordomoAsyncRequester.this.loop.close(this.socket, 0);
			open();
		}

		void send(Pending request, long now) {
			request.attempt++;
			this.pending = request;
			this.sequence++;
			MdpProtocol.sendClientRequest(this.socket, this.service.frame, request.frames);
			long bytes = 0;
			for (byte[] frame : request.frames) {
				bytes += frame.length;
			}
			MajordomoAsyncRequester.this.counters.sent(bytes);
			MajordomoAsyncRequester.this.deadlines
				.add(new Deadline(now + MajordomoAsyncRequester.this.timeoutMillis, this, this.sequence));
		}

		private void onReply(ZMQ.Socket from) {
			for (int i = 0; i < BATCH && from == this.socket; i++) {
				byte[] empty = from.recv(ZMQ.DONTWAIT);
				if (empty == null) {
					return;
				}
				ZMsg body = MdpProtocol.readClientReply(from, empty, this.service.frame);
				Pending request = this.pending;
				if (body == null || request == null) {
					MajordomoAsyncRequester.this.counters.dropped();
					continue;
				}
				this.pending = null;
				MajordomoAsyncRequester.this.counters.received(body.contentSize());
				long now = System.currentTimeMillis();
				this.service.lastProgress = now;
				complete(request, body);
				this.service.release(this, now);
			}
		}

	}

	private void complete(Pending pending, ZMsg reply) {
		try {
			if (ZmqErrorReply.isErrorReply(reply)) {
				pending.future.completeExceptionally(new ZmqRemoteException(this.endpoint + " (service '"
						+ pending.service + "')", ZmqErrorReply.description(reply)));
			}
			else {
				pending.future.complete(pending.decoder.apply(reply));
			}
		}
		catch (RuntimeException ex) {
			pending.future.completeExceptionally(ex);
		}
	}

}
