package dev.zmqspring.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.broker.internal.IdleWorkers;
import dev.zmqspring.broker.internal.RegisteredWorker;
import dev.zmqspring.broker.internal.RouterSender;
import dev.zmqspring.broker.internal.WorkerRegistry;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.support.internal.DropLog;

/**
 * The part the load-balancing broker (Guide ch.3) and the Paranoid Pirate queue (ch.4) share: a
 * ROUTER frontend for clients, a ROUTER backend for workers, the least-recently-used queue of idle
 * workers, and a bounded queue of requests waiting for one.
 *
 * <p>Requests go to the worker that has been idle longest. While no worker is idle, requests wait
 * in the broker, at most {@link #MAX_QUEUED_REQUESTS}; when that many wait, the broker stops reading
 * its frontend, so further requests wait in ZeroMQ's queues up to the receive high-water mark and
 * then push back on the clients (a REQ or DEALER client's send blocks). Nothing is dropped for lack
 * of workers; a Lazy Pirate client's timeout decides how long it is willing to wait.
 *
 * <p>Robustness (ch.4): both ROUTERs have {@code ROUTER_MANDATORY} and send with {@code DONTWAIT};
 * a worker that vanished (EHOSTUNREACH) or is full (EAGAIN) is forgotten and the request goes to the
 * next idle worker; a reply for a client that vanished is dropped and counted. Both ROUTERs cap the
 * message size ({@code max-message-size}): ZeroMQ closes the connection of a peer that sends more.
 * Malformed messages (too many or too few frames, empty identities or delimiters missing, unknown
 * commands) are dropped, counted and logged at most once per peer per minute; the loop keeps serving.
 */
abstract class AbstractWorkerBroker implements ZmqActorBehavior {

	/** Requests the broker holds while no worker is idle before it stops reading clients. */
	public static final int MAX_QUEUED_REQUESTS = 1000;

	/** Messages read per poll event and socket. */
	static final int BATCH = 256;

	/** Frames a message may have; longer messages are malformed. */
	static final int MAX_FRAMES = 64;

	static final byte[] EMPTY = new byte[0];

	protected final ZmqBrokerDefinition definition;

	protected final ZmqCounters counters;

	private final DropLog dropLog;

	/** The known workers; expiry is only used by brokers that heartbeat. */
	protected final WorkerRegistry<RegisteredWorker> workers;

	private final IdleWorkers<RegisteredWorker> idle = new IdleWorkers<>();

	private final ArrayDeque<byte[][]> requests = new ArrayDeque<>();

	/** The frames of the message being handled (reused). */
	protected final byte[][] frames = new byte[MAX_FRAMES][];

	private ZmqActorLoop loop;

	protected ZMQ.Socket frontend;

	private ZmqGate gate;

	private RouterSender clients;

	/** Sends to workers on the backend. */
	protected RouterSender backend;

	private boolean readingFrontend;

	private volatile List<String> endpoints = List.of();

	private final WorkerGauges gauges = new WorkerGauges();

	AbstractWorkerBroker(ZmqBrokerDefinition definition, ZmqCounters counters) {
		this.definition = definition;
		this.counters = counters;
		this.workers = new WorkerRegistry<>(definition.heartbeatInterval().toMillis() * definition.heartbeatLiveness());
		this.dropLog = new DropLog(LogFactory.getLog(AbstractWorkerBroker.class),
				"ZeroMQ broker '" + definition.name() + "'");
	}

	List<String> getEndpoints() {
		return this.endpoints;
	}

	/** Adds endpoints a subclass attached in its {@link #open}. */
	protected void addEndpoints(List<String> more) {
		List<String> all = new ArrayList<>(this.endpoints);
		all.addAll(more);
		this.endpoints = Collections.unmodifiableList(all);
	}

	WorkerGauges gauges() {
		return this.gauges;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		ZmqSocketOptions options = loop.factory().getOptions().withMaxMessageSize(this.definition.maxMessageSize());
		this.frontend = loop.socket(SocketType.ROUTER, options, List.of());
		ZMQ.Socket workerSocket = loop.socket(SocketType.ROUTER, options, List.of());
		this.clients = new RouterSender(this.frontend, this.counters);
		this.backend = new RouterSender(workerSocket, this.counters);
		List<String> actual = new ArrayList<>();
		String source = this.definition.source();
		actual.addAll(ZmqSocketFactory.attach(this.frontend, this.definition.frontend(), source + ".frontend"));
		actual.addAll(ZmqSocketFactory.attach(workerSocket, this.definition.backend(), source + ".backend"));
		this.endpoints = Collections.unmodifiableList(actual);
		loop.register(workerSocket, this::onBackend);
		loop.register(this.frontend, this::onFrontend);
		this.readingFrontend = true;
	}

	// ---- messages from workers -------------------------------------------------------------

	private void onBackend(ZMQ.Socket socket) {
		for (int i = 0; i < BATCH; i++) {
			int count = read(socket);
			if (count == 0) {
				break;
			}
			if (count < 0) {
				drop("worker", this.frames[0], "more than " + MAX_FRAMES + " frames");
				continue;
			}
			onWorkerMessage(count);
		}
		dispatch();
		publishStats();
	}

	/**
	 * Handles one message from a worker, in {@link #frames}: {@code frames[0]} is the worker's routing
	 * identity.
	 * @param count the number of frames
	 */
	protected abstract void onWorkerMessage(int count);

	/**
	 * Gates the client requests (a Binary Star pair's gate, Guide ch.4): refused ones are dropped and
	 * counted. Set before the actor opens.
	 * @param gate the gate, or {@code null} for none
	 */
	public void setGate(ZmqGate gate) {
		this.gate = gate;
	}

	/** How a request from a client is framed for a worker, after the worker's identity. */
	protected abstract boolean delimitRequests();

	// ---- messages from clients -------------------------------------------------------------

	private void onFrontend(ZMQ.Socket socket) {
		for (int i = 0; i < BATCH && this.readingFrontend; i++) {
			int count = read(socket);
			if (count == 0) {
				break;
			}
			if (count < 0) {
				drop("client", this.frames[0], "more than " + MAX_FRAMES + " frames");
				continue;
			}
			if (!isEnvelope(this.frames, 0, count)) {
				drop("client", this.frames[0], "not [identity...][\"\"][body...] (" + count + " frames)");
				continue;
			}
			acceptRequest(count, true);
		}
		publishStats();
	}

	/**
	 * Takes the request in {@link #frames}: to the idle worker waiting longest, else (a local
	 * client's request) to a peer broker with capacity ({@link #offload}), else into the queue.
	 * @param count the number of frames, address stack first
	 * @param local whether it came from a client of this broker rather than from a peer broker
	 */
	protected void acceptRequest(int count, boolean local) {
		if (this.gate != null && !this.gate.admit()) {
			this.counters.dropped(); // a passive Binary Star peer: the client retries on the other one
			return;
		}
		RegisteredWorker worker = this.workers.takeIdle(this.idle);
		while (worker != null && !sendRequest(worker, this.frames, count)) {
			worker = this.workers.takeIdle(this.idle);
		}
		if (worker == null && !(local && offload(this.frames, count))) {
			this.requests.addLast(Arrays.copyOf(this.frames, count));
			if (this.requests.size() >= MAX_QUEUED_REQUESTS && this.readingFrontend) {
				this.loop.unregister(this.frontend);
				this.readingFrontend = false;
			}
		}
	}

	/**
	 * Sends a request no local worker can take to a peer broker (Guide ch.3 inter-broker routing).
	 * @param request the frames, client address first
	 * @param count how many
	 * @return whether a peer took it; {@code false} queues it here
	 */
	protected boolean offload(byte[][] request, int count) {
		return false;
	}

	/**
	 * Whether a queued request came from a client of this broker (and may go to a peer) rather than
	 * from a peer broker.
	 */
	protected boolean isLocal(byte[][] request) {
		return true;
	}

	/** Sends queued local requests to peers while no worker here is idle and a peer takes them. */
	protected void offloadQueued() {
		while (this.idle.isEmpty() && !this.requests.isEmpty()) {
			byte[][] request = this.requests.peekFirst();
			if (!isLocal(request) || !offload(request, request.length)) {
				break;
			}
			this.requests.pollFirst();
		}
		if (!this.readingFrontend && this.requests.size() < MAX_QUEUED_REQUESTS) {
			this.loop.register(this.frontend, this::onFrontend);
			this.readingFrontend = true;
		}
	}

	/** Idle workers right now (actor thread). */
	protected int idleCount() {
		return this.workers.idleCount();
	}

	/**
	 * Whether {@code frames[from..to)} is a routing envelope with a body: one or more non-empty
	 * addresses, an empty delimiter, at least one body frame.
	 */
	static boolean isEnvelope(byte[][] frames, int from, int to) {
		if (to - from < 3 || frames[from].length == 0) {
			return false;
		}
		for (int i = from + 1; i < to - 1; i++) {
			if (frames[i].length == 0) {
				return true;
			}
		}
		return false;
	}

	// ---- workers ---------------------------------------------------------------------------

	/** The known worker with this identity, or {@code null}. Allocates nothing. */
	protected RegisteredWorker worker(byte[] identity) {
		return this.workers.find(identity);
	}

	/** The known worker with this identity, registered (busy) if new. */
	protected RegisteredWorker workerOrRegister(byte[] identity) {
		RegisteredWorker worker = this.workers.find(identity);
		if (worker == null) {
			worker = this.workers.register(new RegisteredWorker(this.workers.newKey()));
		}
		return worker;
	}

	/** Marks the worker idle (least recently used last); {@link #dispatch} gives it a waiting request. */
	protected void ready(RegisteredWorker worker) {
		this.workers.ready(worker, this.idle);
	}

	/** Gives waiting requests to idle workers, and reads clients again once there is room. */
	protected void dispatch() {
		while (!this.requests.isEmpty() && !this.idle.isEmpty()) {
			RegisteredWorker worker = this.workers.takeIdle(this.idle);
			byte[][] request = this.requests.peekFirst();
			if (sendRequest(worker, request, request.length)) {
				this.requests.pollFirst();
			}
		}
		if (!this.readingFrontend && this.requests.size() < MAX_QUEUED_REQUESTS) {
			this.loop.register(this.frontend, this::onFrontend);
			this.readingFrontend = true;
		}
	}

	/**
	 * Sends a client request to a worker taken from the idle queue; purges the worker if it cannot
	 * be reached.
	 */
	private boolean sendRequest(RegisteredWorker worker, byte[][] request, int count) {
		RouterSender backend = this.backend;
		if (!backend.routeTo(worker.address())) {
			this.workers.remove(worker); // gone (EHOSTUNREACH) or not keeping up (EAGAIN): it re-registers when it talks again
			return false;
		}
		if (delimitRequests()) {
			backend.more(EMPTY);
		}
		long bytes = 0;
		for (int i = 0; i < count; i++) {
			backend.frame(request[i], i < count - 1);
			bytes += request[i].length;
		}
		this.counters.sent(bytes);
		return true;
	}

	// ---- replies and commands out ----------------------------------------------------------

	/**
	 * Sends {@code frames[from..count)} (client identity first) to the frontend; a client that left
	 * (e.g. a Lazy Pirate retry on a new socket) or does not read its replies counts as a drop.
	 */
	protected void replyToClient(int from, int count) {
		replyLocally(from, count);
	}

	/** Sends {@code frames[from..count)} to a client of this broker's frontend. */
	protected final void replyLocally(int from, int count) {
		RouterSender clients = this.clients;
		byte[][] frames = this.frames;
		if (!clients.routeOrDrop(frames[from])) {
			return;
		}
		long bytes = frames[from].length;
		for (int i = from + 1; i < count; i++) {
			clients.frame(frames[i], i < count - 1);
			bytes += frames[i].length;
		}
		this.counters.sent(bytes);
	}

	/** Sends a one-frame command to a worker; {@code false} if it cannot be reached. */
	protected boolean sendCommand(RegisteredWorker worker, byte[] command) {
		if (!this.backend.routeTo(worker.address())) {
			return false;
		}
		this.backend.last(command);
		return true;
	}

	// ---- plumbing --------------------------------------------------------------------------

	/**
	 * Reads one message into {@link #frames} without blocking.
	 * @return the number of frames, 0 if none was waiting, -1 if it had more than {@link #MAX_FRAMES}
	 */
	protected int read(ZMQ.Socket socket) {
		byte[] frame = socket.recv(ZMQ.DONTWAIT);
		if (frame == null) {
			return 0;
		}
		int count = 0;
		long bytes = frame.length;
		this.frames[count++] = frame;
		boolean overflow = false;
		while (socket.hasReceiveMore()) {
			frame = socket.recv(0);
			bytes += frame.length;
			if (count < MAX_FRAMES) {
				this.frames[count++] = frame;
			}
			else {
				overflow = true;
			}
		}
		this.counters.received(bytes);
		return overflow ? -1 : count;
	}

	protected void drop(String side, byte[] peer, String reason) {
		this.counters.dropped();
		this.dropLog.dropped(side, peer, reason, System.currentTimeMillis());
	}

	protected void publishStats() {
		this.gauges.publish(this.workers.idleCount(), this.workers.busyCount(), this.requests.size());
	}

}
