package dev.zmqspring.majordomo;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.broker.internal.HeartbeatingConnection;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.listener.ZmqRequestHandler;

import static dev.zmqspring.majordomo.MdpProtocol.EMPTY;
import static dev.zmqspring.majordomo.MdpProtocol.WORKER_HEADER;

/**
 * The worker side of MDP/0.1 for one service on one DEALER (Guide ch.4 "mdwrkapi"): READY with the
 * service after every (re)connect, HEARTBEAT every interval, a REQUEST calls the handler and its
 * result goes back as REPLY. When the broker is silent for {@code liveness} intervals the socket is
 * closed and, after the reconnect interval, a fresh one connects and sends READY again (a DEALER
 * would otherwise keep the broker's stale view of it); DISCONNECT from the broker reconnects at once.
 * The heartbeat, liveness and reconnect are the broker kit's {@link HeartbeatingConnection} (with a
 * fixed reconnect pause); this class is the MDP worker commands on top.
 *
 * <p>Not a behavior itself: {@link MajordomoWorker} runs one on an actor, and the Titanic service
 * runs three on one actor. Every method is called on the owning actor's thread.
 *
 * <p>A handler that throws produces an error reply ({@link ZmqErrorReply}: {@code ["ZMQ-ERROR/1"]
 * ["<exception>: <message>"]}) so the client learns of it at once; a handler returning {@code null}
 * replies with one empty frame (MDP has no "no reply": the broker waits for a REPLY before it sends
 * this worker more work). The handler runs on the actor thread and no heartbeats go out meanwhile, so
 * it should finish within {@code heartbeat-interval × heartbeat-liveness} or the broker will consider
 * the worker dead (as in the Guide).
 */
public final class MajordomoWorkerConnection {

	private static final Log logger = LogFactory.getLog(MajordomoWorkerConnection.class);

	private static final int BATCH = 256;

	private final String service;

	private final byte[] serviceFrame;

	private final List<List<ZmqEndpoint>> brokers;

	// actor-thread state
	private int brokerIndex;

	private final long maxMessageSize;

	private final ZmqRequestHandler handler;

	private final ZmqCounters counters;

	private final HeartbeatingConnection connection;

	/**
	 * Creates the connection; nothing happens until {@link #open}.
	 * @param service the service name to register
	 * @param broker the broker endpoint(s), connected
	 * @param heartbeat the heartbeat interval (match the broker's)
	 * @param liveness missed intervals after which the broker is considered lost
	 * @param reconnect the pause before reconnecting after the broker was lost
	 * @param maxMessageSize the largest request accepted, -1 for unlimited
	 * @param handler the request handler
	 * @param counters where to count messages
	 */
	public MajordomoWorkerConnection(String service, List<ZmqEndpoint> broker, Duration heartbeat, int liveness,
			Duration reconnect, long maxMessageSize, ZmqRequestHandler handler, ZmqCounters counters) {
		this(List.of(broker), service, heartbeat, liveness, reconnect, maxMessageSize, handler, counters);
	}

	/**
	 * Creates a connection to one of several brokers, a Binary Star pair (Guide ch.4): the first
	 * connects first, and every reconnect after the broker was lost goes to the next one.
	 * @param brokers the endpoints of each broker, in order
	 * @param service the service name to register
	 * @param heartbeat the heartbeat interval (match the brokers')
	 * @param liveness missed intervals after which the broker is considered lost
	 * @param reconnect the pause before reconnecting after the broker was lost
	 * @param maxMessageSize the largest request accepted, -1 for unlimited
	 * @param handler the request handler
	 * @param counters where to count messages
	 */
	public MajordomoWorkerConnection(List<List<ZmqEndpoint>> brokers, String service, Duration heartbeat,
			int liveness, Duration reconnect, long maxMessageSize, ZmqRequestHandler handler, ZmqCounters counters) {
		if (service == null || service.isEmpty() || MdpProtocol.isMmi(service)) {
			throw new IllegalArgumentException("Majordomo service name must be non-empty and not start with 'mmi.': '"
					+ service + "'");
		}
		this.service = service;
		this.serviceFrame = service.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		this.brokers = List.copyOf(brokers);
		long pause = Math.max(0, reconnect.toMillis());
		this.connection = new HeartbeatingConnection(heartbeat.toMillis(), liveness, pause, pause, new Mdp());
		this.maxMessageSize = maxMessageSize;
		this.handler = handler;
		this.counters = counters;
	}

	/** The broker of the next connect: the first, then the next one after each loss. */
	private List<ZmqEndpoint> nextBroker() {
		List<ZmqEndpoint> broker = this.brokers.get(this.brokerIndex);
		this.brokerIndex = (this.brokerIndex + 1) % this.brokers.size();
		return broker;
	}

	/** The service this connection serves. */
	public String service() {
		return this.service;
	}

	/** The heartbeat, liveness and reconnect underneath (for {@link MajordomoWorker}). */
	HeartbeatingConnection heartbeating() {
		return this.connection;
	}

	/** How many times a socket was connected (1 + reconnects). */
	public int connects() {
		return this.connection.connects();
	}

	/**
	 * Connects and registers with the broker.
	 * @param loop the owning actor's loop
	 */
	public void open(ZmqActorLoop loop) {
		this.connection.open(loop);
	}

	private void read(ZMQ.Socket dealer, int firstFlags) {
		HeartbeatingConnection connection = this.connection;
		for (int i = 0; i < BATCH && connection.socket() == dealer; i++) {
			byte[] empty = dealer.recv((i == 0) ? firstFlags : ZMQ.DONTWAIT);
			if (empty == null) {
				return;
			}
			connection.alive(); // anything from the broker is a heartbeat
			if (empty.length != 0 || !dealer.hasReceiveMore()) {
				malformed(dealer);
				continue;
			}
			byte[] header = dealer.recv(ZMQ.DONTWAIT);
			if (!java.util.Arrays.equals(header, WORKER_HEADER) || !dealer.hasReceiveMore()) {
				malformed(dealer);
				continue;
			}
			byte[] command = dealer.recv(ZMQ.DONTWAIT);
			int code = (command != null && command.length == 1) ? command[0] : -1;
			switch (code) {
				case MdpProtocol.REQUEST -> onRequest(dealer);
				case MdpProtocol.HEARTBEAT -> MdpProtocol.drain(dealer);
				case MdpProtocol.DISCONNECT -> {
					MdpProtocol.drain(dealer);
					logger.info("Majordomo broker sent DISCONNECT to worker '" + this.service + "'; reconnecting");
					connection.reconnect();
					return;
				}
				default -> malformed(dealer);
			}
		}
	}

	private void malformed(ZMQ.Socket dealer) {
		MdpProtocol.drain(dealer);
		this.counters.dropped();
		this.handler.dropped();
	}

	private void onRequest(ZMQ.Socket dealer) {
		byte[] client = dealer.hasReceiveMore() ? dealer.recv(ZMQ.DONTWAIT) : null;
		byte[] empty = (client != null && dealer.hasReceiveMore()) ? dealer.recv(ZMQ.DONTWAIT) : null;
		if (empty == null || empty.length != 0) {
			malformed(dealer);
			return;
		}
		ZMsg request = new ZMsg();
		long bytes = 0;
		while (dealer.hasReceiveMore()) {
			byte[] frame = dealer.recv(ZMQ.DONTWAIT);
			bytes += frame.length;
			request.add(frame);
		}
		this.counters.received(bytes);
		long start = System.nanoTime();
		ZMsg reply;
		try {
			reply = this.handler.handle(request);
		}
		catch (Throwable ex) {
			this.counters.error();
			logger.debug("Majordomo worker '" + this.service + "' handler failed; sending an error reply", ex);
			reply = ZmqErrorReply.of(ex);
		}
		this.counters.handled(System.nanoTime() - start);
		if (this.connection.socket() != dealer) {
			return;
		}
		dealer.send(EMPTY, ZMQ.SNDMORE);
		dealer.send(WORKER_HEADER, ZMQ.SNDMORE);
		dealer.send(MdpProtocol.commandFrame(MdpProtocol.REPLY), ZMQ.SNDMORE);
		dealer.send(client, ZMQ.SNDMORE);
		if (reply == null || reply.isEmpty()) {
			dealer.send(EMPTY, ZMQ.SNDMORE);
			dealer.send(EMPTY, 0);
			this.counters.sent(0);
			return;
		}
		dealer.send(EMPTY, ZMQ.SNDMORE);
		int remaining = reply.size();
		long out = 0;
		for (ZFrame frame : reply) {
			byte[] data = frame.getData();
			out += data.length;
			dealer.send(data, (--remaining > 0) ? ZMQ.SNDMORE : 0);
		}
		this.counters.sent(out);
	}

	/** The next time {@link #onTimer} must run. */
	public long nextTimerMillis() {
		return this.connection.nextTimerMillis();
	}

	/**
	 * Heartbeats, detects the loss of the broker, reconnects.
	 * @param now the current time
	 */
	public void onTimer(long now) {
		this.connection.onTimer(now);
	}

	/** Tells the broker this worker is leaving (on stop). */
	public void disconnect() {
		ZMQ.Socket socket = this.connection.socket();
		if (socket != null) {
			MdpProtocol.sendWorkerCommand(socket, MdpProtocol.DISCONNECT, null);
		}
	}

	/** Spec 7/MDP worker commands on the connection's DEALER. */
	private final class Mdp implements HeartbeatingConnection.Protocol {

		@Override
		public ZMQ.Socket connect(ZmqActorLoop loop) {
			return loop.socket(SocketType.DEALER,
					loop.factory().getOptions().withMaxMessageSize(MajordomoWorkerConnection.this.maxMessageSize),
					nextBroker());
		}

		@Override
		public void sendReady(ZMQ.Socket socket) {
			MdpProtocol.sendWorkerCommand(socket, MdpProtocol.READY, MajordomoWorkerConnection.this.serviceFrame);
		}

		@Override
		public void sendHeartbeat(ZMQ.Socket socket) {
			MdpProtocol.sendWorkerCommand(socket, MdpProtocol.HEARTBEAT, null);
		}

		@Override
		public void read(ZMQ.Socket socket, int firstFlags) {
			MajordomoWorkerConnection.this.read(socket, firstFlags);
		}

		@Override
		public void lost(long silentMillis, long reconnectMillis) {
			logger.info("Majordomo broker silent for " + silentMillis + " ms; worker '"
					+ MajordomoWorkerConnection.this.service + "' reconnects in " + reconnectMillis + " ms");
		}

	}

}
