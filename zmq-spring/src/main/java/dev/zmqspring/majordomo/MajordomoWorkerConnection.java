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

	private final List<ZmqEndpoint> broker;

	private final long heartbeatMillis;

	private final long expiryMillis;

	private final long reconnectMillis;

	private final long maxMessageSize;

	private final ZmqRequestHandler handler;

	private final ZmqCounters counters;

	private ZmqActorLoop loop;

	private ZMQ.Socket socket;

	private long heartbeatAt;

	private long expiry;

	private long reconnectAt = -1;

	private int connects;

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
		if (service == null || service.isEmpty() || MdpProtocol.isMmi(service)) {
			throw new IllegalArgumentException("Majordomo service name must be non-empty and not start with 'mmi.': '"
					+ service + "'");
		}
		this.service = service;
		this.serviceFrame = service.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		this.broker = broker;
		this.heartbeatMillis = Math.max(1, heartbeat.toMillis());
		this.expiryMillis = this.heartbeatMillis * Math.max(1, liveness);
		this.reconnectMillis = Math.max(0, reconnect.toMillis());
		this.maxMessageSize = maxMessageSize;
		this.handler = handler;
		this.counters = counters;
	}

	/** The service this connection serves. */
	public String service() {
		return this.service;
	}

	/** How many times a socket was connected (1 + reconnects). */
	public int connects() {
		return this.connects;
	}

	/**
	 * Connects and registers with the broker.
	 * @param loop the owning actor's loop
	 */
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		connect(System.currentTimeMillis());
	}

	private void connect(long now) {
		this.socket = this.loop.socket(SocketType.DEALER,
				this.loop.factory().getOptions().withMaxMessageSize(this.maxMessageSize), this.broker);
		this.loop.registerReceiver(this.socket, this::onReadable);
		this.connects++;
		MdpProtocol.sendWorkerCommand(this.socket, MdpProtocol.READY, this.serviceFrame);
		this.heartbeatAt = now + this.heartbeatMillis;
		this.expiry = now + this.expiryMillis;
		this.reconnectAt = -1;
	}

	private void disconnectSocket() {
		if (this.socket != null) {
			this.loop.close(this.socket, 0);
			this.socket = null;
		}
	}

	private void onReadable(ZMQ.Socket dealer) {
		read(dealer, 0); // may have been woken early (ZmqActorLoop.registerReceiver)
	}

	private void read(ZMQ.Socket dealer, int firstFlags) {
		for (int i = 0; i < BATCH && this.socket == dealer; i++) {
			byte[] empty = dealer.recv((i == 0) ? firstFlags : ZMQ.DONTWAIT);
			if (empty == null) {
				return;
			}
			this.expiry = System.currentTimeMillis() + this.expiryMillis; // anything from the broker is a heartbeat
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
					disconnectSocket();
					connect(System.currentTimeMillis());
					return;
				}
				default -> malformed(dealer);
			}
		}
	}

	private void malformed(ZMQ.Socket dealer) {
		MdpProtocol.drain(dealer);
		this.counters.dropped();
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
		if (this.socket != dealer) {
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
		return (this.socket == null) ? this.reconnectAt : Math.min(this.heartbeatAt, this.expiry);
	}

	/**
	 * Heartbeats, detects the loss of the broker, reconnects.
	 * @param now the current time
	 */
	public void onTimer(long now) {
		if (this.socket == null) {
			if (now >= this.reconnectAt) {
				connect(now);
			}
			return;
		}
		if (now >= this.expiry) {
			read(this.socket, ZMQ.DONTWAIT); // what already arrived counts
		}
		if (this.socket != null && System.currentTimeMillis() >= this.expiry) {
			logger.info("Majordomo broker silent for " + this.expiryMillis + " ms; worker '" + this.service
					+ "' reconnects in " + this.reconnectMillis + " ms");
			disconnectSocket();
			this.reconnectAt = now + this.reconnectMillis;
			return;
		}
		if (now >= this.heartbeatAt) {
			MdpProtocol.sendWorkerCommand(this.socket, MdpProtocol.HEARTBEAT, null);
			this.heartbeatAt = now + this.heartbeatMillis;
		}
	}

	/** Tells the broker this worker is leaving (on stop). */
	public void disconnect() {
		if (this.socket != null) {
			MdpProtocol.sendWorkerCommand(this.socket, MdpProtocol.DISCONNECT, null);
		}
	}

}
