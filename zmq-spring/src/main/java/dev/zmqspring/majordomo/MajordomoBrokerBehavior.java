package dev.zmqspring.majordomo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.broker.internal.IdleWorkers;
import dev.zmqspring.broker.internal.RegisteredWorker;
import dev.zmqspring.broker.internal.RouterSender;
import dev.zmqspring.broker.WorkerGauges;
import dev.zmqspring.broker.internal.WorkerRegistry;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.internal.ByteKey;
import dev.zmqspring.support.internal.DropLog;

import zmq.Msg;

import static dev.zmqspring.majordomo.MdpProtocol.CLIENT_HEADER;
import static dev.zmqspring.majordomo.MdpProtocol.EMPTY;
import static dev.zmqspring.majordomo.MdpProtocol.WORKER_HEADER;

/**
 * The loop of the Majordomo broker (Guide ch.4 "Service-Oriented Reliable Queuing", spec 7/MDP with
 * spec 8/MMI), run on the broker's actor: one ROUTER for clients and workers, services created on
 * demand, a FIFO request queue and an LRU list of idle workers per service, heartbeats both ways.
 * The worker table, idle lists and expiry are the broker kit's {@link WorkerRegistry}, and every send
 * goes through its {@link RouterSender}; this class is the MDP protocol on top of them.
 *
 * <h2>Hot path</h2> Frames are received and forwarded as JeroMQ {@link Msg} objects (no copy, no
 * {@code ZMsg}); services and workers are found through reusable {@link ByteKey} probes (no
 * {@code String} or key per message); a request for a service with an idle worker and an empty queue
 * is streamed straight to the worker without being queued; a batch of messages is drained per poll;
 * liveness is a deadline per worker, swept once per heartbeat interval, never per message; the worker
 * gauges (idle, busy, queued) are published once per batch.
 *
 * <h2>Bad input</h2> Messages without the empty delimiter, with an unknown header, or missing frames
 * are dropped and counted ({@link ZmqCounters#dropped()}). Workers that break the protocol (READY
 * twice, REPLY or HEARTBEAT without READY, an unknown command, registering an {@code mmi.*} service)
 * get DISCONNECT and are forgotten. The ROUTER is {@code ROUTER_MANDATORY} and sends with
 * {@code DONTWAIT}: a message to a peer that left (EHOSTUNREACH) or is not reading (EAGAIN) is
 * dropped, and a worker that cannot take a request is forgotten and the request goes to the next.
 */
final class MajordomoBrokerBehavior implements ZmqActorBehavior {

	private ZmqGate gate;

	/**
	 * Gates the client requests (a Binary Star pair's gate, Guide ch.4): refused ones are dropped and
	 * counted; workers are never gated. Set before the actor opens.
	 * @param gate the gate, or {@code null} for none
	 */
	void setGate(ZmqGate gate) {
		this.gate = gate;
	}


	private static final Log logger = LogFactory.getLog(MajordomoBrokerBehavior.class);

	static final int BATCH = 1024;

	/** Upper bound of requests queued over all services; newer requests are dropped beyond it. */
	static final int MAX_QUEUED = 100_000;

	/** Queued requests older than this are dropped (their clients gave up and retried long ago). */
	static final long QUEUED_REQUEST_EXPIRY_MILLIS = 60_000;

	private static final long SNAPSHOT_MILLIS = 100;

	private static final int MAX_PURGED = 1024;

	static final byte[] MMI_SERVICE = "mmi.service".getBytes(StandardCharsets.US_ASCII);

	static final byte[] MMI_WORKERS = "mmi.workers".getBytes(StandardCharsets.US_ASCII);

	static final byte[] CODE_200 = "200".getBytes(StandardCharsets.US_ASCII);

	static final byte[] CODE_404 = "404".getBytes(StandardCharsets.US_ASCII);

	static final byte[] CODE_501 = "501".getBytes(StandardCharsets.US_ASCII);

	private final List<ZmqEndpoint> endpoints;

	private final long heartbeatMillis;

	private final long maxMessageSize;

	private final ZmqCounters counters;

	private final DropLog dropLog;

	private final Map<ByteKey, Service> services = new HashMap<>();

	private final WorkerRegistry<Worker> workers;

	private final Heartbeats heartbeats = new Heartbeats();

	private final ByteKey serviceProbe = new ByteKey();

	private final ArrayList<Msg> scratch = new ArrayList<>();

	/** Workers purged for missed heartbeats, so a late REPLY still reaches its client (bounded). */
	private final Map<ByteKey, Service> purged = new HashMap<>();

	private ZMQ.Socket socket;

	private RouterSender sender;

	private long now;

	private long messageBytes;

	private long nextHeartbeat;

	private long nextSnapshot;

	private boolean dirty = true;

	private int queued;

	private long served;

	private volatile List<String> boundEndpoints = List.of();

	private volatile Map<String, Object> details = Map.of();

	private final WorkerGauges gauges = new WorkerGauges();

	MajordomoBrokerBehavior(String name, List<ZmqEndpoint> endpoints, long heartbeatMillis, int liveness,
			long maxMessageSize, ZmqCounters counters) {
		this.endpoints = endpoints;
		this.heartbeatMillis = heartbeatMillis;
		this.workers = new WorkerRegistry<>(heartbeatMillis * liveness);
		this.maxMessageSize = maxMessageSize;
		this.counters = counters;
		this.dropLog = new DropLog(logger, "Majordomo broker '" + name + "'");
	}

	List<String> boundEndpoints() {
		return this.boundEndpoints;
	}

	Map<String, Object> details() {
		return this.details;
	}

	WorkerGauges gauges() {
		return this.gauges;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.socket = loop.socket(SocketType.ROUTER, loop.factory().getOptions().withMaxMessageSize(this.maxMessageSize),
				List.of());
		this.sender = new RouterSender(this.socket, this.counters);
		this.boundEndpoints = List.copyOf(ZmqSocketFactory.attach(this.socket, this.endpoints));
		loop.registerReceiver(this.socket, this::onReadable);
		this.now = System.currentTimeMillis();
		this.nextHeartbeat = this.now + this.heartbeatMillis;
		publish();
	}

	// ---------------------------------------------------------------- receiving

	private void onReadable(ZMQ.Socket router) {
		read(router, 0); // a receiver: called with input queued (ZmqActorLoop.registerReceiver)
	}

	/** Reads up to one batch; returns how many messages were read. */
	private int read(ZMQ.Socket router, int firstFlags) {
		this.now = System.currentTimeMillis();
		int count = 0;
		while (count < BATCH) {
			Msg sender = router.recvMsg((count == 0) ? firstFlags : ZMQ.DONTWAIT);
			if (sender == null) {
				break;
			}
			count++;
			this.messageBytes = 0;
			onMessage(router, sender);
			this.counters.received(this.messageBytes);
		}
		publishGauges();
		if (this.dirty && this.now >= this.nextSnapshot) {
			publish();
		}
		return count;
	}

	private Msg next(ZMQ.Socket router) {
		Msg frame = router.recvMsg(ZMQ.DONTWAIT);
		if (frame != null) {
			this.messageBytes += frame.size();
		}
		return frame;
	}

	private void onMessage(ZMQ.Socket router, Msg sender) {
		if (!sender.hasMore()) {
			drop(sender, "no frames after the routing id");
			return;
		}
		Msg empty = next(router);
		if (empty == null || empty.size() != 0 || !empty.hasMore()) {
			drop(sender, "missing empty delimiter or protocol header");
			return;
		}
		Msg header = next(router);
		if (header == null) {
			return;
		}
		if (MdpProtocol.frameEquals(header, CLIENT_HEADER)) {
			onClient(router, sender, header);
		}
		else if (MdpProtocol.frameEquals(header, WORKER_HEADER)) {
			onWorker(router, sender, header);
		}
		else {
			drop(sender, "unknown protocol header (expected MDPC01 or MDPW01)");
		}
	}

	private void drop(Msg sender, String reason) {
		MdpProtocol.drain(this.socket);
		this.counters.dropped();
		this.dropLog.dropped(null, sender, reason, this.now);
	}

	// ---------------------------------------------------------------- clients

	private void onClient(ZMQ.Socket router, Msg sender, Msg header) {
		if (this.gate != null && !this.gate.admit()) {
			MdpProtocol.drain(router); // a passive Binary Star peer: the client retries on the other one
			this.counters.dropped();
			return;
		}
		if (!header.hasMore()) {
			drop(sender, "client request without a service name");
			return;
		}
		Msg name = next(router);
		if (MdpProtocol.frameStartsWith(name, MdpProtocol.MMI_PREFIX_BYTES)) {
			onMmi(router, sender, name);
			return;
		}
		Service service = this.services.get(this.serviceProbe.set(name));
		if (service == null) {
			if (this.queued >= MAX_QUEUED) {
				drop(sender, "too many queued requests");
				return;
			}
			service = new Service(this.serviceProbe.copy());
			this.services.put(service.key, service);
			this.dirty = true;
		}
		if (service.queue.isEmpty()) {
			// fast path: stream the request straight to the least recently used idle worker
			Worker worker;
			while ((worker = service.idle.first()) != null) {
				if (sendRequestEnvelope(worker, sender, name.hasMore())) {
					if (name.hasMore()) {
						forwardRest(router);
					}
					return;
				}
				deleteWorker(worker, "unreachable");
			}
		}
		if (this.queued >= MAX_QUEUED) {
			drop(sender, "too many queued requests");
			return;
		}
		this.scratch.clear();
		boolean more = name.hasMore();
		while (more) {
			Msg frame = next(router);
			if (frame == null) {
				break;
			}
			this.scratch.add(frame);
			more = frame.hasMore();
		}
		service.queue.add(new Request(sender, this.scratch.toArray(new Msg[0]), this.now));
		this.queued++;
	}

	private void forwardRest(ZMQ.Socket router) {
		boolean more = true;
		long bytes = 0;
		while (more) {
			Msg frame = next(router);
			if (frame == null) {
				break;
			}
			more = frame.hasMore();
			bytes += frame.size();
			this.sender.frame(frame, more);
		}
		this.counters.sent(bytes);
	}

	/**
	 * Sends {@code [worker][""][MDPW01][REQUEST][client][""]}, leaving the message open for the body.
	 * @return {@code false} if the worker cannot be reached (nothing was sent)
	 */
	private boolean sendRequestEnvelope(Worker worker, Msg client, boolean bodyFollows) {
		RouterSender sender = this.sender;
		if (!sender.routeTo(worker.address())) {
			return false;
		}
		sender.more(EMPTY);
		sender.more(WORKER_HEADER);
		sender.more(MdpProtocol.commandFrame(MdpProtocol.REQUEST));
		sender.frame(client, true);
		sender.frame(EMPTY, bodyFollows);
		this.workers.busy(worker);
		worker.lastSent = this.now;
		return true;
	}

	/** Sends {@code [worker][""][MDPW01][command]}; {@code false} if the worker cannot be reached. */
	private boolean sendCommand(byte[] worker, byte command) {
		if (!this.sender.routeTo(worker)) {
			return false;
		}
		finishCommand(command);
		return true;
	}

	/** {@link #sendCommand(byte[], byte)} to a peer known only by the routing frame it sent. */
	private boolean sendCommand(Msg peer, byte command) {
		if (!this.sender.routeTo(peer)) {
			return false;
		}
		finishCommand(command);
		return true;
	}

	private void finishCommand(byte command) {
		this.sender.more(EMPTY);
		this.sender.more(WORKER_HEADER);
		this.sender.last(MdpProtocol.commandFrame(command));
	}

	/**
	 * Sends {@code [""][MDPC01][service]} after a routed client frame, then the rest of the incoming
	 * reply, if any.
	 */
	private void forwardReply(ZMQ.Socket router, byte[] service, boolean bodyFollows) {
		this.sender.more(EMPTY);
		this.sender.more(CLIENT_HEADER);
		this.sender.frame(service, bodyFollows);
		if (bodyFollows) {
			forwardRest(router);
		}
		this.served++;
	}

	private void dispatch(Service service) {
		while (!service.queue.isEmpty()) {
			Worker worker = service.idle.first();
			if (worker == null) {
				return;
			}
			Request request = service.queue.peek();
			Msg[] body = request.body;
			if (!sendRequestEnvelope(worker, request.client, body.length > 0)) {
				deleteWorker(worker, "unreachable");
				continue;
			}
			service.queue.poll();
			this.queued--;
			long bytes = 0;
			for (int i = 0; i < body.length; i++) {
				bytes += body[i].size();
				this.sender.frame(body[i], i < body.length - 1);
			}
			this.counters.sent(bytes);
		}
	}

	// ---------------------------------------------------------------- MMI (spec 8)

	private void onMmi(ZMQ.Socket router, Msg sender, Msg name) {
		Msg argument = name.hasMore() ? next(router) : null;
		MdpProtocol.drain(router);
		byte[] answer;
		if (MdpProtocol.frameEquals(name, MMI_SERVICE)) {
			Service service = (argument != null) ? this.services.get(this.serviceProbe.set(argument)) : null;
			answer = (service != null && service.workerCount > 0) ? CODE_200 : CODE_404;
		}
		else if (MdpProtocol.frameEquals(name, MMI_WORKERS)) {
			Service service = (argument != null) ? this.services.get(this.serviceProbe.set(argument)) : null;
			answer = Integer.toString((service != null) ? service.workerCount : 0).getBytes(StandardCharsets.US_ASCII);
		}
		else {
			answer = CODE_501;
		}
		if (this.sender.routeOrDrop(sender)) {
			this.sender.more(EMPTY);
			this.sender.more(CLIENT_HEADER);
			this.sender.frame(name, true);
			this.sender.last(answer);
			this.counters.sent(answer.length);
		}
	}

	// ---------------------------------------------------------------- workers

	private void onWorker(ZMQ.Socket router, Msg sender, Msg header) {
		if (!header.hasMore()) {
			drop(sender, "worker message without a command");
			return;
		}
		Msg command = next(router);
		Worker worker = this.workers.find(sender);
		if (worker != null) {
			this.workers.alive(worker, this.now); // any command proves liveness
		}
		switch (MdpProtocol.command(command)) {
			case MdpProtocol.READY -> onReady(router, sender, command, worker);
			case MdpProtocol.REPLY -> onReply(router, sender, command, worker);
			case MdpProtocol.HEARTBEAT -> {
				MdpProtocol.drain(router);
				if (worker == null) {
					disconnect(sender, null, "HEARTBEAT from a worker that never sent READY");
				}
			}
			case MdpProtocol.DISCONNECT -> {
				MdpProtocol.drain(router);
				if (worker != null) {
					deleteWorker(worker, null);
				}
			}
			default -> {
				MdpProtocol.drain(router);
				disconnect(sender, worker, "unknown worker command");
			}
		}
	}

	private void onReady(ZMQ.Socket router, Msg sender, Msg command, Worker worker) {
		if (!command.hasMore()) {
			disconnect(sender, worker, "READY without a service name");
			return;
		}
		Msg name = next(router);
		MdpProtocol.drain(router);
		if (worker != null) {
			disconnect(sender, worker, "READY from an already registered worker");
			return;
		}
		if (MdpProtocol.frameStartsWith(name, MdpProtocol.MMI_PREFIX_BYTES) || name.size() == 0) {
			disconnect(sender, null, "READY for a reserved or empty service name");
			return;
		}
		Service service = this.services.get(this.serviceProbe.set(name));
		if (service == null) {
			service = new Service(this.serviceProbe.copy());
			this.services.put(service.key, service);
		}
		Worker created = new Worker(this.workers.newKey(), service);
		this.workers.alive(created, this.now);
		created.lastSent = this.now;
		this.workers.register(created);
		service.workerCount++;
		this.dirty = true;
		if (logger.isDebugEnabled()) {
			logger.debug("Majordomo worker " + created + " ready for service '" + service.label + "'");
		}
		ready(created);
	}

	private void onReply(ZMQ.Socket router, Msg sender, Msg command, Worker worker) {
		if (worker == null) {
			Service purgedFrom = this.purged.remove(this.workers.probe());
			if (purgedFrom != null) {
				onLateReply(router, sender, command, purgedFrom);
				return;
			}
			MdpProtocol.drain(router);
			disconnect(sender, null, "REPLY from a worker that never sent READY");
			return;
		}
		Msg client = command.hasMore() ? next(router) : null;
		Msg empty = (client != null && client.hasMore()) ? next(router) : null;
		if (empty == null || empty.size() != 0) {
			MdpProtocol.drain(router);
			disconnect(sender, worker, "REPLY without [client][empty] envelope");
			return;
		}
		if (this.sender.routeOrDrop(client)) {
			forwardReply(router, worker.service.name(), empty.hasMore());
		}
		else {
			MdpProtocol.drain(router); // the client left: nobody to answer
		}
		ready(worker);
	}

	/**
	 * A reply from a worker purged for missed heartbeats (e.g. a handler slower than the expiry): the
	 * answer is still delivered, then the worker gets DISCONNECT so that it registers again.
	 */
	private void onLateReply(ZMQ.Socket router, Msg sender, Msg command, Service service) {
		Msg client = command.hasMore() ? next(router) : null;
		Msg empty = (client != null && client.hasMore()) ? next(router) : null;
		if (empty != null && empty.size() == 0 && this.sender.routeTo(client)) {
			forwardReply(router, service.name(), empty.hasMore());
		}
		else {
			MdpProtocol.drain(router);
		}
		sendCommand(sender, MdpProtocol.DISCONNECT);
	}

	private void rememberPurged(Worker worker, long now) {
		if (this.purged.size() >= MAX_PURGED) {
			this.purged.clear();
		}
		this.purged.put(worker.identity(), worker.service);
	}

	/** The worker waits for work: at the end of the LRU list, and takes queued work at once. */
	private void ready(Worker worker) {
		Service service = worker.service;
		this.workers.ready(worker, service.idle);
		if (!service.queue.isEmpty()) {
			dispatch(service);
		}
	}

	private void disconnect(Msg sender, Worker worker, String reason) {
		this.counters.dropped();
		this.dropLog.dropped(null, sender, reason + "; sent DISCONNECT", this.now);
		if (worker != null) {
			sendCommand(worker.address(), MdpProtocol.DISCONNECT);
		}
		else {
			sendCommand(sender, MdpProtocol.DISCONNECT);
		}
		if (worker != null) {
			deleteWorker(worker, null);
		}
	}

	private void deleteWorker(Worker worker, String why) {
		if (this.workers.remove(worker)) {
			forget(worker, why);
		}
	}

	/** Bookkeeping after the registry removed a worker. */
	private void forget(Worker worker, String why) {
		Service service = worker.service;
		service.workerCount--;
		this.dirty = true;
		if (why != null && logger.isDebugEnabled()) {
			logger.debug("Majordomo worker " + worker + " of service '" + service.label + "' removed: " + why);
		}
	}

	// ---------------------------------------------------------------- heartbeats

	@Override
	public long nextTimerMillis() {
		return this.nextHeartbeat;
	}

	@Override
	public void onTimer(long tick) {
		// judge liveness only after reading what already arrived: a busy broker must not purge workers
		// whose heartbeats and replies are waiting in its own input queue
		for (int i = 0; i < 64 && read(this.socket, ZMQ.DONTWAIT) == BATCH; i++) {
			// keep draining
		}
		long now = System.currentTimeMillis();
		this.now = now;
		this.workers.sweep(now, this.heartbeats);
		for (Iterator<Service> it = this.services.values().iterator(); it.hasNext();) {
			Service service = it.next();
			Request head;
			while ((head = service.queue.peek()) != null && now - head.queuedAt > QUEUED_REQUEST_EXPIRY_MILLIS) {
				service.queue.poll();
				this.queued--;
				this.counters.dropped();
			}
			if (service.workerCount == 0 && service.queue.isEmpty()) {
				it.remove();
			}
		}
		this.nextHeartbeat = now + this.heartbeatMillis;
		publish();
	}

	/**
	 * Tells every worker the broker is going away (DISCONNECT), as the Guide's broker does on exit:
	 * they reconnect with a fresh socket at once, and their READY reaches the next broker on this
	 * endpoint as soon as it is up.
	 */
	@Override
	public void onStop() {
		for (Worker worker : this.workers.workers()) {
			sendCommand(worker.address(), MdpProtocol.DISCONNECT);
		}
	}

	@Override
	public void onClose() {
		this.purged.clear();
		this.services.clear();
		this.workers.clear();
		this.queued = 0;
		publish();
		publishGauges();
	}

	private void publish() {
		Map<String, Object> perService = new LinkedHashMap<>();
		for (Service service : this.services.values()) {
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("workers", service.workerCount);
			one.put("idleWorkers", service.idle.size());
			one.put("queuedRequests", service.queue.size());
			perService.put(service.label, one);
		}
		Map<String, Object> snapshot = new LinkedHashMap<>();
		snapshot.put("services", perService);
		snapshot.put("requestsServed", this.served); // workers and queuedRequests: the gauges (MajordomoBroker)
		this.details = snapshot;
		this.dirty = false;
		this.nextSnapshot = this.now + SNAPSHOT_MILLIS;
	}

	/** The worker gauges, as the other brokers publish them: three volatile writes per batch. */
	private void publishGauges() {
		this.gauges.publish(this.workers.idleCount(), this.workers.busyCount(), this.queued);
	}

	/** The broker's side of the registry's sweep: HEARTBEAT to workers not sent to for half an interval. */
	private final class Heartbeats implements WorkerRegistry.Sweep<Worker> {

		@Override
		public void expired(Worker worker) {
			forget(worker, "missed heartbeats");
			rememberPurged(worker, MajordomoBrokerBehavior.this.now);
		}

		@Override
		public boolean heartbeat(Worker worker, long now) {
			if (now - worker.lastSent < MajordomoBrokerBehavior.this.heartbeatMillis / 2) {
				return true;
			}
			if (!sendCommand(worker.address(), MdpProtocol.HEARTBEAT)) {
				return false;
			}
			worker.lastSent = now;
			return true;
		}

		@Override
		public void unreachable(Worker worker) {
			forget(worker, "unreachable");
		}

	}

	// ---------------------------------------------------------------- state

	/** A request waiting for a worker: the client's routing id and the body frames. */
	private record Request(Msg client, Msg[] body, long queuedAt) {
	}

	/** One service: its request queue and its idle workers, least recently used first. */
	private static final class Service {

		final ByteKey key;

		/** The name as readable text, for logs and details. */
		final String label;

		final ArrayDeque<Request> queue = new ArrayDeque<>();

		final IdleWorkers<Worker> idle = new IdleWorkers<>();

		int workerCount;

		Service(ByteKey key) {
			this.key = key;
			this.label = new String(key.bytes(), StandardCharsets.UTF_8);
		}

		/** The name frame of replies (never modify it). */
		byte[] name() {
			return this.key.bytes();
		}

	}

	/** One registered worker of one service (mdbroker's {@code worker_t}). */
	private static final class Worker extends RegisteredWorker {

		final Service service;

		/** When the broker last sent it something (a request or a heartbeat). */
		long lastSent;

		Worker(ByteKey identity, Service service) {
			super(identity);
			this.service = service;
		}

	}

}
