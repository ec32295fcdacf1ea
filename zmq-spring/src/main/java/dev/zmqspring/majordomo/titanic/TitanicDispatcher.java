package dev.zmqspring.majordomo.titanic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.core.internal.AsyncRequestEngine;
import dev.zmqspring.core.internal.ZmqAsyncRequest;
import dev.zmqspring.core.ZmqFailoverPolicy;
import dev.zmqspring.core.internal.ZmqRetryPolicy;
import dev.zmqspring.majordomo.internal.MajordomoLaneCorrelation;
import dev.zmqspring.support.ZmqEndpoint;

/**
 * Titanic's dispatcher (Guide ch.4 "Disconnected Reliability (Titanic Pattern)", spec 9/TSP):
 * forwards every stored request to its service and stores the reply. It is a Majordomo client on the
 * one request-reply engine ({@link AsyncRequestEngine}, embedded in Titanic's actor, with one
 * request per connection), not a loop of its own.
 *
 * <p>Per target service the requests go one at a time, in the order they were stored. Like the
 * Guide's Titanic it first asks the broker's {@code mmi.service} (spec 8/MMI) whether the service has
 * workers; a "404" tries again after the retry interval. A request without a reply within the dispatch
 * timeout is forgotten (its connection replaced, so the late reply can never be taken for the next
 * one) and sent again: Titanic retries until it has a reply, so target services must be idempotent, as
 * the Guide says. Requests stored before a restart are dispatched again at start, except those that
 * expired meanwhile ({@link TitanicExpiry}, which also drops expired requests from the queues).
 */
final class TitanicDispatcher implements ZmqActorBehavior {

	private static final Log logger = LogFactory.getLog(TitanicDispatcher.class);

	private static final String MMI_SERVICE = "mmi.service";

	private static final Function<ZMsg, Object> STATUS = (body) -> (body.size() == 1)
			? body.peekFirst().getString(StandardCharsets.US_ASCII) : "";

	private static final Function<ZMsg, Object> FRAMES = (body) -> {
		List<byte[]> frames = new ArrayList<>(body.size());
		body.forEach((frame) -> frames.add(frame.getData()));
		return frames;
	};

	private final TitanicStore store;

	private final long retryMillis;

	private final AsyncRequestEngine engine;

	private final Map<String, Target> targets = new HashMap<>();

	private volatile int pendingCount;

	private volatile long dispatched;

	/**
	 * Creates the dispatcher.
	 * @param store where requests and replies are stored
	 * @param broker where the broker is reachable (its inproc endpoint)
	 * @param dispatchTimeout how long one attempt waits for an answer
	 * @param retry how long to wait before asking again for a service without workers
	 */
	TitanicDispatcher(TitanicStore store, List<ZmqEndpoint> broker, Duration dispatchTimeout, Duration retry) {
		this.store = store;
		this.retryMillis = Math.max(1, retry.toMillis());
		MajordomoLaneCorrelation oneAtATime = new MajordomoLaneCorrelation("titanic", ZmqFailoverPolicy.single("broker"),
				(server) -> broker, 1, -1, dispatchTimeout.toMillis());
		this.engine = AsyncRequestEngine.embedded(oneAtATime, new ZmqRetryPolicy(dispatchTimeout, 0), new ZmqCounters(),
				"Titanic");
	}

	int pendingCount() {
		return this.pendingCount;
	}

	long dispatched() {
		return this.dispatched;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.engine.open(loop);
		long now = System.currentTimeMillis();
		for (String id : this.store.pending()) {
			List<byte[]> request = TitanicServices.readable(this.store, id);
			if (request != null && !request.isEmpty()) {
				enqueue(id, new String(request.get(0), StandardCharsets.UTF_8), now);
			}
		}
		if (this.pendingCount > 0) {
			logger.info("Titanic in " + this.store.directory() + " resumes " + this.pendingCount + " stored request(s)");
		}
	}

	/**
	 * Queues a stored request for its service (on the actor thread).
	 * @param id the request's id
	 * @param service the service it is for
	 * @param now the current time in milliseconds
	 */
	void enqueue(String id, String service, long now) {
		Target target = this.targets.computeIfAbsent(service, Target::new);
		target.queue.add(id);
		this.pendingCount++;
		target.pump(now);
	}

	/**
	 * Drops requests the store no longer has (expired) from the queues (on the actor thread). A request
	 * under way stays until its answer comes: the answer finds no request and is not stored.
	 * @param ids the removed requests
	 */
	void forget(Collection<String> ids) {
		Set<String> gone = new HashSet<>(ids);
		for (Target target : this.targets.values()) {
			String underWay = target.busy ? target.queue.peek() : null;
			int before = target.queue.size();
			target.queue.removeIf((id) -> gone.contains(id) && !id.equals(underWay));
			this.pendingCount -= before - target.queue.size();
		}
	}

	@Override
	public long nextTimerMillis() {
		long next = this.engine.nextTimerMillis();
		for (Target target : this.targets.values()) {
			if (!target.busy && !target.queue.isEmpty() && (next < 0 || target.retryAt < next)) {
				next = target.retryAt;
			}
		}
		return next;
	}

	@Override
	public void onTimer(long now) {
		long due = this.engine.nextTimerMillis();
		if (due >= 0 && due <= now) {
			this.engine.onTimer(now);
		}
		for (Target target : this.targets.values()) {
			target.pump(now);
		}
	}

	@Override
	public void onClose() {
		this.engine.onClose();
	}

	/** The dispatcher's state for one target service: its queue and whether a request is under way. */
	private final class Target {

		final String service;

		final ArrayDeque<String> queue = new ArrayDeque<>();

		boolean busy;

		long retryAt;

		Target(String service) {
			this.service = service;
		}

		void pump(long now) {
			while (!this.busy && !this.queue.isEmpty() && now >= this.retryAt) {
				String id = this.queue.peek();
				if (!TitanicDispatcher.this.store.hasRequest(id) || TitanicDispatcher.this.store.hasReply(id)) {
					done(); // closed meanwhile, or answered before a restart
					continue;
				}
				this.busy = true;
				byte[][] question = { this.service.getBytes(StandardCharsets.UTF_8) };
				ask(MMI_SERVICE, question, STATUS).whenComplete((status, failure) -> onStatus(id, status, failure));
			}
		}

		private void onStatus(String id, Object status, Throwable failure) {
			long now = System.currentTimeMillis();
			if (failure != null || !"200".equals(status)) {
				retryLater(now, (failure != null) ? 0 : TitanicDispatcher.this.retryMillis);
				return;
			}
			List<byte[]> request = TitanicServices.readable(TitanicDispatcher.this.store, id);
			if (request == null) {
				done();
				this.busy = false;
				pump(now);
				return;
			}
			byte[][] body = request.subList(1, request.size()).toArray(new byte[0][]);
			ask(this.service, body, FRAMES).whenComplete((reply, error) -> onReply(id, reply, error));
		}

		@SuppressWarnings("unchecked")
		private void onReply(String id, Object reply, Throwable failure) {
			long now = System.currentTimeMillis();
			if (failure != null) {
				retryLater(now, 0); // Titanic retries until it has a reply
				return;
			}
			if (TitanicDispatcher.this.store.hasRequest(id)) {
				try {
					TitanicDispatcher.this.store.storeReply(id, (List<byte[]>) reply);
					TitanicDispatcher.this.dispatched++;
				}
				catch (RuntimeException ex) {
					logger.error("Titanic could not store the reply of " + id + "; it will ask again", ex);
					retryLater(now, TitanicDispatcher.this.retryMillis);
					return;
				}
			}
			done();
			this.busy = false;
			pump(now);
		}

		/** Tries again from the timer (never from here: a failing submission must not recurse). */
		private void retryLater(long now, long delay) {
			this.busy = false;
			this.retryAt = now + delay;
		}

		private void done() {
			this.queue.poll();
			TitanicDispatcher.this.pendingCount--;
		}

	}

	private CompletableFuture<Object> ask(String service, byte[][] body, Function<ZMsg, Object> decoder) {
		CompletableFuture<Object> future = new CompletableFuture<>();
		this.engine.submit(new ZmqAsyncRequest(service, body, decoder, future));
		return future;
	}

}
