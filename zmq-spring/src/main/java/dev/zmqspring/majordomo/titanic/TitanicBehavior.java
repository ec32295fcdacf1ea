package dev.zmqspring.majordomo.titanic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.majordomo.MajordomoWorkerConnection;
import dev.zmqspring.majordomo.MdpProtocol;

/**
 * The Titanic actor (Guide ch.4 "Disconnected Reliability (Titanic Pattern)", spec 9/TSP): three
 * Majordomo workers ({@code titanic.request}, {@code titanic.reply}, {@code titanic.close}) and the
 * dispatcher that forwards stored requests to their services, all on one thread so the
 * {@link TitanicStore} needs no locking.
 *
 * <ul>
 * <li>{@code titanic.request} {@code [service][body...]}: stores the request (forced to disk) and only
 * then replies {@code ["200"][uuid]}; {@code ["500"]} if it has no service frame or cannot be stored.</li>
 * <li>{@code titanic.reply} {@code [uuid]}: {@code ["200"][reply body...]}, {@code ["300"]} while
 * pending, {@code ["400"]} if unknown or closed.</li>
 * <li>{@code titanic.close} {@code [uuid]}: deletes request and reply, {@code ["200"]}.</li>
 * </ul>
 *
 * <p>The dispatcher keeps one Majordomo client DEALER per target service with one request in flight
 * (FIFO per service, so a reply on that socket is the answer to that request). Before each request it
 * asks {@code mmi.service} like the Guide's Titanic; a "404" retries later. A request that gets no
 * reply within the dispatch timeout is sent again on a fresh socket: Titanic retries until it has a
 * reply, so target services must be idempotent (as the Guide says). Requests stored before a restart
 * are dispatched again at start.
 */
final class TitanicBehavior implements ZmqActorBehavior {

	private static final Log logger = LogFactory.getLog(TitanicBehavior.class);

	static final byte[] OK = "200".getBytes(StandardCharsets.US_ASCII);

	static final byte[] PENDING = "300".getBytes(StandardCharsets.US_ASCII);

	static final byte[] UNKNOWN = "400".getBytes(StandardCharsets.US_ASCII);

	static final byte[] FAILED = "500".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] MMI_SERVICE = "mmi.service".getBytes(StandardCharsets.US_ASCII);

	private final TitanicStore store;

	private final List<ZmqEndpoint> broker;

	private final long retryMillis;

	private final long dispatchTimeoutMillis;

	private final ZmqCounters counters;

	private final List<MajordomoWorkerConnection> workers = new ArrayList<>();

	private final Map<String, Dispatch> dispatches = new HashMap<>();

	private ZmqActorLoop loop;

	private volatile int pendingCount;

	private volatile long dispatched;

	TitanicBehavior(TitanicStore store, List<ZmqEndpoint> broker, Duration heartbeat, int liveness,
			ZmqCounters counters) {
		this.store = store;
		this.broker = broker;
		this.retryMillis = Math.max(1, heartbeat.toMillis());
		this.dispatchTimeoutMillis = Math.max(1, heartbeat.toMillis()) * Math.max(1, liveness) * 2;
		this.counters = counters;
		this.workers.add(worker("titanic.request", this::onRequest, heartbeat, liveness));
		this.workers.add(worker("titanic.reply", this::onReply, heartbeat, liveness));
		this.workers.add(worker("titanic.close", this::onClose, heartbeat, liveness));
	}

	private MajordomoWorkerConnection worker(String service, dev.zmqspring.listener.ZmqRequestHandler handler,
			Duration heartbeat, int liveness) {
		return new MajordomoWorkerConnection(service, this.broker, heartbeat, liveness, heartbeat, -1, handler,
				this.counters);
	}

	Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("directory", this.store.directory().toAbsolutePath().toString());
		details.put("pendingRequests", this.pendingCount);
		details.put("dispatched", this.dispatched);
		return details;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		for (MajordomoWorkerConnection worker : this.workers) {
			worker.open(loop);
		}
		long now = System.currentTimeMillis();
		for (String id : this.store.pending()) {
			List<byte[]> request = readable(id);
			if (request != null && !request.isEmpty()) {
				enqueue(id, new String(request.get(0), StandardCharsets.UTF_8), now);
			}
		}
		if (this.pendingCount > 0) {
			logger.info("Titanic in " + this.store.directory() + " resumes " + this.pendingCount + " stored request(s)");
		}
	}

	/** Reads a stored request; a corrupt file is logged and skipped, never fatal for the actor. */
	private List<byte[]> readable(String id) {
		try {
			return this.store.readRequest(id);
		}
		catch (RuntimeException ex) {
			logger.error("Titanic skips unreadable request " + id, ex);
			return null;
		}
	}

	// ---------------------------------------------------------------- the three TSP services

	private ZMsg onRequest(ZMsg request) {
		if (request.size() < 1 || request.peekFirst().size() == 0) {
			return status(FAILED);
		}
		List<byte[]> frames = new ArrayList<>(request.size());
		for (ZFrame frame : request) {
			frames.add(frame.getData());
		}
		String id;
		try {
			id = this.store.storeRequest(frames);
		}
		catch (RuntimeException ex) {
			logger.error("Titanic could not store a request", ex);
			return status(FAILED);
		}
		enqueue(id, new String(frames.get(0), StandardCharsets.UTF_8), System.currentTimeMillis());
		ZMsg reply = status(OK);
		reply.add(id);
		return reply;
	}

	private ZMsg onReply(ZMsg request) {
		String id = (request.size() > 0) ? request.peekFirst().getString(StandardCharsets.US_ASCII) : "";
		List<byte[]> reply = this.store.readReply(id);
		if (reply != null) {
			ZMsg answer = status(OK);
			reply.forEach(answer::add);
			return answer;
		}
		return status(this.store.hasRequest(id) ? PENDING : UNKNOWN);
	}

	private ZMsg onClose(ZMsg request) {
		String id = (request.size() > 0) ? request.peekFirst().getString(StandardCharsets.US_ASCII) : "";
		this.store.close(id);
		return status(OK);
	}

	private static ZMsg status(byte[] code) {
		ZMsg msg = new ZMsg();
		msg.add(code);
		return msg;
	}

	// ---------------------------------------------------------------- dispatching

	private void enqueue(String id, String service, long now) {
		Dispatch dispatch = this.dispatches.computeIfAbsent(service, Dispatch::new);
		dispatch.queue.add(id);
		this.pendingCount++;
		dispatch.pump(now);
	}

	@Override
	public long nextTimerMillis() {
		long next = -1;
		for (MajordomoWorkerConnection worker : this.workers) {
			next = earliest(next, worker.nextTimerMillis());
		}
		for (Dispatch dispatch : this.dispatches.values()) {
			next = earliest(next, dispatch.nextTimer());
		}
		return next;
	}

	private static long earliest(long a, long b) {
		if (a < 0) {
			return b;
		}
		return (b < 0) ? a : Math.min(a, b);
	}

	@Override
	public void onTimer(long now) {
		for (MajordomoWorkerConnection worker : this.workers) {
			long due = worker.nextTimerMillis();
			if (due >= 0 && due <= now) {
				worker.onTimer(now);
			}
		}
		for (Dispatch dispatch : this.dispatches.values()) {
			dispatch.onTimer(now);
		}
	}

	@Override
	public void onStop() {
		for (MajordomoWorkerConnection worker : this.workers) {
			worker.disconnect();
		}
	}

	/** What the dispatcher does for one target service. */
	private enum Step {

		/** Nothing in flight. */
		IDLE,
		/** Waiting for the broker's mmi.service answer. */
		ASKING,
		/** Waiting for the service's reply. */
		REQUESTING

	}

	/** The dispatcher's state for one target service: its queue and its one client DEALER. */
	private final class Dispatch {

		final String service;

		final byte[] serviceFrame;

		final ArrayDeque<String> queue = new ArrayDeque<>();

		ZMQ.Socket socket;

		Step step = Step.IDLE;

		long deadline = -1;

		long retryAt;

		Dispatch(String service) {
			this.service = service;
			this.serviceFrame = service.getBytes(StandardCharsets.UTF_8);
		}

		long nextTimer() {
			if (this.step != Step.IDLE) {
				return this.deadline;
			}
			return this.queue.isEmpty() ? -1 : this.retryAt;
		}

		void onTimer(long now) {
			if (this.step != Step.IDLE && now >= this.deadline) {
				reconnect(); // the late answer must not meet the next question
				this.step = Step.IDLE;
				this.retryAt = now;
			}
			pump(now);
		}

		void pump(long now) {
			while (this.step == Step.IDLE && !this.queue.isEmpty() && now >= this.retryAt) {
				String id = this.queue.peek();
				if (!TitanicBehavior.this.store.hasRequest(id) || TitanicBehavior.this.store.hasReply(id)) {
					this.queue.poll(); // closed meanwhile, or answered before a restart
					TitanicBehavior.this.pendingCount--;
					continue;
				}
				socket();
				MdpProtocol.sendClientRequest(this.socket, MMI_SERVICE, new byte[][] { this.serviceFrame });
				this.step = Step.ASKING;
				this.deadline = now + TitanicBehavior.this.dispatchTimeoutMillis;
			}
		}

		private void socket() {
			if (this.socket == null) {
				ZMQ.Socket created = TitanicBehavior.this.loop.socket(SocketType.DEALER, TitanicBehavior.this.broker);
				TitanicBehavior.this.loop.register(created, (s) -> onAnswer(created));
				this.socket = created;
			}
		}

		private void reconnect() {
			if (this.socket != null) {
				TitanicBehavior.this.loop.close(this.socket, 0);
				this.socket = null;
			}
		}

		private void onAnswer(ZMQ.Socket from) {
			while (from == this.socket) {
				byte[] first = from.recv(ZMQ.DONTWAIT);
				if (first == null) {
					return;
				}
				long now = System.currentTimeMillis();
				if (this.step == Step.ASKING) {
					ZMsg answer = MdpProtocol.readClientReply(from, first, MMI_SERVICE);
					if (answer == null) {
						continue;
					}
					if (answer.size() == 1 && "200".equals(answer.peekFirst().getString(StandardCharsets.US_ASCII))) {
						sendRequest(now);
					}
					else {
						this.step = Step.IDLE;
						this.retryAt = now + TitanicBehavior.this.retryMillis;
					}
				}
				else if (this.step == Step.REQUESTING) {
					ZMsg reply = MdpProtocol.readClientReply(from, first, this.serviceFrame);
					if (reply == null) {
						continue;
					}
					String id = this.queue.peek();
					this.step = Step.IDLE;
					if (id != null && TitanicBehavior.this.store.hasRequest(id)) {
						List<byte[]> frames = new ArrayList<>(reply.size());
						reply.forEach((frame) -> frames.add(frame.getData()));
						try {
							TitanicBehavior.this.store.storeReply(id, frames);
							TitanicBehavior.this.dispatched++;
						}
						catch (RuntimeException ex) {
							logger.error("Titanic could not store the reply of " + id + "; it will ask again", ex);
							this.retryAt = now + TitanicBehavior.this.retryMillis;
							continue;
						}
					}
					this.queue.poll();
					TitanicBehavior.this.pendingCount--;
					pump(now);
				}
				else {
					MdpProtocol.drain(from);
				}
			}
		}

		private void sendRequest(long now) {
			String id = this.queue.peek();
			List<byte[]> request = (id != null) ? readable(id) : null;
			if (request == null) {
				this.queue.poll();
				TitanicBehavior.this.pendingCount--;
				this.step = Step.IDLE;
				pump(now);
				return;
			}
			byte[][] body = request.subList(1, request.size()).toArray(new byte[0][]);
			MdpProtocol.sendClientRequest(this.socket, this.serviceFrame, body);
			this.step = Step.REQUESTING;
			this.deadline = now + TitanicBehavior.this.dispatchTimeoutMillis;
		}

	}

}
