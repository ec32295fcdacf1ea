package dev.zmqspring.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.support.ByteKey;
import dev.zmqspring.support.DropLog;

import zmq.ZError;

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

	private final Map<ByteKey, Worker> workers = new HashMap<>();

	private final ArrayDeque<Worker> idle = new ArrayDeque<>();

	private final ArrayDeque<byte[][]> requests = new ArrayDeque<>();

	private final ByteKey probe = new ByteKey();

	/** The frames of the message being handled (reused). */
	protected final byte[][] frames = new byte[MAX_FRAMES][];

	private ZmqActorLoop loop;

	protected ZMQ.Socket frontend;

	protected ZMQ.Socket backend;

	private boolean readingFrontend;

	private volatile List<String> endpoints = List.of();

	private volatile int idleWorkers;

	private volatile int busyWorkers;

	private volatile int queuedRequests;

	AbstractWorkerBroker(ZmqBrokerDefinition definition, ZmqCounters counters) {
		this.definition = definition;
		this.counters = counters;
		this.dropLog = new DropLog(LogFactory.getLog(AbstractWorkerBroker.class),
				"ZeroMQ broker '" + definition.name() + "'");
	}

	List<String> getEndpoints() {
		return this.endpoints;
	}

	int getIdleWorkers() {
		return this.idleWorkers;
	}

	int getBusyWorkers() {
		return this.busyWorkers;
	}

	int getQueuedRequests() {
		return this.queuedRequests;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		ZmqSocketOptions options = loop.factory().getOptions().withMaxMessageSize(this.definition.maxMessageSize());
		this.frontend = loop.socket(SocketType.ROUTER, options, List.of());
		this.backend = loop.socket(SocketType.ROUTER, options, List.of());
		this.frontend.setRouterMandatory(true);
		this.backend.setRouterMandatory(true);
		List<String> actual = new ArrayList<>();
		String source = this.definition.source();
		actual.addAll(ZmqSocketFactory.attach(this.frontend, this.definition.frontend(), source + ".frontend"));
		actual.addAll(ZmqSocketFactory.attach(this.backend, this.definition.backend(), source + ".backend"));
		this.endpoints = Collections.unmodifiableList(actual);
		loop.register(this.backend, this::onBackend);
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
			Worker worker = this.idle.pollFirst();
			while (worker != null && !sendRequest(worker, this.frames, count)) {
				worker = this.idle.pollFirst();
			}
			if (worker == null) {
				this.requests.addLast(Arrays.copyOf(this.frames, count));
				if (this.requests.size() >= MAX_QUEUED_REQUESTS) {
					this.loop.unregister(this.frontend);
					this.readingFrontend = false;
				}
			}
		}
		publishStats();
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
	protected Worker worker(byte[] identity) {
		return this.workers.get(this.probe.set(identity));
	}

	/** The known worker with this identity, registered (busy) if new. */
	protected Worker workerOrRegister(byte[] identity) {
		Worker worker = worker(identity);
		if (worker == null) {
			worker = new Worker(this.probe.copy());
			this.workers.put(worker.identity, worker);
		}
		return worker;
	}

	/** Marks the worker idle (least recently used last) and gives it a waiting request, if any. */
	protected void ready(Worker worker) {
		if (!worker.idle) {
			worker.idle = true;
			this.idle.addLast(worker);
		}
	}

	/** Forgets a worker (dead, vanished or unreachable). */
	protected void purge(Worker worker) {
		this.workers.remove(worker.identity);
		if (worker.idle) {
			this.idle.remove(worker);
			worker.idle = false;
		}
	}

	/** A copy of all known workers (for heartbeats: a failed send purges while we iterate). */
	protected List<Worker> snapshotWorkers() {
		return new ArrayList<>(this.workers.values());
	}

	protected List<Worker> expired(long now) {
		List<Worker> expired = null;
		for (Worker worker : this.workers.values()) {
			if (worker.expiry < now) {
				if (expired == null) {
					expired = new ArrayList<>();
				}
				expired.add(worker);
			}
		}
		return (expired != null) ? expired : List.of();
	}

	/** Gives waiting requests to idle workers, and reads clients again once there is room. */
	protected void dispatch() {
		while (!this.requests.isEmpty() && !this.idle.isEmpty()) {
			Worker worker = this.idle.pollFirst();
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
	private boolean sendRequest(Worker worker, byte[][] request, int count) {
		worker.idle = false;
		int flags = ZMQ.SNDMORE | ZMQ.DONTWAIT;
		long bytes = 0;
		try {
			if (!this.backend.send(worker.identity.bytes(), flags)) {
				purge(worker); // EAGAIN: the worker does not keep up; it re-registers when it talks again
				return false;
			}
			if (delimitRequests()) {
				this.backend.send(EMPTY, flags);
			}
			for (int i = 0; i < count; i++) {
				this.backend.send(request[i], (i < count - 1) ? flags : ZMQ.DONTWAIT);
				bytes += request[i].length;
			}
		}
		catch (ZMQException ex) {
			rethrowTermination(ex);
			purge(worker); // EHOSTUNREACH: the worker disconnected
			return false;
		}
		this.counters.sent(bytes);
		return true;
	}

	// ---- replies and commands out ----------------------------------------------------------

	/** Sends {@code frames[from..count)} (client identity first) to the frontend; counts a vanished client. */
	protected void replyToClient(int from, int count) {
		int flags = ZMQ.SNDMORE | ZMQ.DONTWAIT;
		long bytes = 0;
		try {
			for (int i = from; i < count; i++) {
				if (!this.frontend.send(this.frames[i], (i < count - 1) ? flags : ZMQ.DONTWAIT) && i == from) {
					this.counters.dropped(); // EAGAIN: the client does not read its replies
					return;
				}
				bytes += this.frames[i].length;
			}
		}
		catch (ZMQException ex) {
			rethrowTermination(ex);
			this.counters.dropped(); // EHOSTUNREACH: the client left (e.g. a Lazy Pirate retry on a new socket)
			return;
		}
		this.counters.sent(bytes);
	}

	/** Sends a one-frame command to a worker; purges it if it cannot be reached. */
	protected boolean sendCommand(Worker worker, byte[] command) {
		try {
			if (this.backend.send(worker.identity.bytes(), ZMQ.SNDMORE | ZMQ.DONTWAIT)
					&& this.backend.send(command, ZMQ.DONTWAIT)) {
				return true;
			}
		}
		catch (ZMQException ex) {
			rethrowTermination(ex);
		}
		purge(worker);
		return false;
	}

	// ---- plumbing --------------------------------------------------------------------------

	/**
	 * Reads one message into {@link #frames} without blocking.
	 * @return the number of frames, 0 if none was waiting, -1 if it had more than {@link #MAX_FRAMES}
	 */
	private int read(ZMQ.Socket socket) {
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
		this.idleWorkers = this.idle.size();
		this.busyWorkers = this.workers.size() - this.idle.size();
		this.queuedRequests = this.requests.size();
	}

	private static void rethrowTermination(ZMQException ex) {
		if (ex.getErrorCode() == ZError.ETERM) {
			throw ex;
		}
	}

	/** A worker known to the broker. */
	protected static final class Worker {

		final ByteKey identity;

		boolean idle;

		long expiry;

		Worker(ByteKey identity) {
			this.identity = identity;
		}

	}

}
