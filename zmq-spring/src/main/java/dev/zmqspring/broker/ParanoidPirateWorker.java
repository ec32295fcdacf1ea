package dev.zmqspring.broker;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.listener.ZmqWorkerDefinition;

/**
 * A Paranoid Pirate worker (Guide ch.4 "ppworker", spec 6/PPP) as an actor behavior: a DEALER
 * connected to the queue's backend that sends READY ({@code 0x01}), heartbeats ({@code 0x02}) every
 * interval, answers {@code [address...][""][request...]} through the {@link ZmqRequestHandler}, and
 * treats any message from the queue as a sign of life.
 *
 * <p>When the queue stays silent for {@code liveness} intervals, the worker closes its socket (linger
 * 0), waits the reconnect interval, then opens a fresh socket and sends READY again; the interval
 * doubles on each consecutive failure up to the maximum and resets as soon as the queue talks (ch.4
 * "interval doubling"). Requests are handled on the actor thread, so no heartbeat goes out while a
 * handler runs: keep handlers shorter than {@code interval * liveness} of the queue.
 */
public final class ParanoidPirateWorker implements ZmqActorBehavior {

	private static final Log logger = LogFactory.getLog(ParanoidPirateWorker.class);

	private static final byte[] READY = { ParanoidPirateQueue.READY };

	private static final byte[] HEARTBEAT = { ParanoidPirateQueue.HEARTBEAT };

	private final ZmqWorkerDefinition definition;

	private final ZmqRequestHandler handler;

	private final ParanoidPirateWorkerProtocol settings;

	private final ZmqCounters counters = new ZmqCounters();

	private final RequestEnvelope envelope = new RequestEnvelope(this.counters);

	private ZmqActorLoop loop;

	private ZMQ.Socket socket;

	private long heartbeatAt;

	private long expiresAt;

	private long reconnectAt = -1;

	private long reconnectInterval;

	private volatile int reconnects;

	ParanoidPirateWorker(ZmqWorkerDefinition definition, ZmqRequestHandler handler,
			ParanoidPirateWorkerProtocol settings) {
		this.definition = definition;
		this.handler = handler;
		this.settings = settings;
		this.reconnectInterval = settings.getReconnectInitial().toMillis();
	}

	/** The worker's counters (requests in, replies out, handler time, errors, drops). */
	public ZmqCounters getCounters() {
		return this.counters;
	}

	/** How many times the worker gave up on a silent queue and reconnected. */
	public int getReconnects() {
		return this.reconnects;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		connect();
	}

	private void connect() {
		this.socket = this.loop.socket(SocketType.DEALER, List.of());
		ZmqSocketFactory.attach(this.socket, this.definition.endpoints(), this.definition.source());
		this.loop.registerReceiver(this.socket, this::onMessage); // its single input: take early wake-ups by waiting
		this.socket.send(READY, ZMQ.DONTWAIT);
		long now = System.currentTimeMillis();
		this.heartbeatAt = now + interval();
		this.expiresAt = now + interval() * this.settings.getHeartbeatLiveness();
	}

	private long interval() {
		return this.settings.getHeartbeatInterval().toMillis();
	}

	@Override
	public long nextTimerMillis() {
		return (this.socket == null) ? this.reconnectAt : Math.min(this.heartbeatAt, this.expiresAt);
	}

	@Override
	public void onTimer(long now) {
		if (this.socket == null) {
			if (now >= this.reconnectAt) {
				this.reconnectAt = -1;
				this.reconnects++;
				connect();
			}
			return;
		}
		if (now >= this.expiresAt) {
			logger.warn("Paranoid Pirate worker '" + this.loop.name() + "': heartbeat failure, cannot reach the queue at "
					+ this.definition.endpoints() + "; reconnecting in " + this.reconnectInterval + " ms");
			this.loop.close(this.socket, 0);
			this.socket = null;
			this.reconnectAt = now + this.reconnectInterval;
			this.reconnectInterval = Math.min(this.reconnectInterval * 2, this.settings.getReconnectMax().toMillis());
			return;
		}
		if (now >= this.heartbeatAt) {
			this.socket.send(HEARTBEAT, ZMQ.DONTWAIT);
			this.heartbeatAt = now + interval();
		}
	}

	private void onMessage(ZMQ.Socket socket) {
		for (int i = 0; i < AbstractWorkerBroker.BATCH; i++) {
			// the first read waits (1 ms at most): the actor may have been woken early (registerReceiver)
			int count = this.envelope.read(socket, (i == 0) ? 0 : ZMQ.DONTWAIT);
			if (count == 0) {
				return;
			}
			this.expiresAt = System.currentTimeMillis() + interval() * this.settings.getHeartbeatLiveness();
			this.reconnectInterval = this.settings.getReconnectInitial().toMillis();
			if (count == 1 && this.envelope.frame(0).length == 1) {
				continue; // HEARTBEAT (or another command): the queue is alive
			}
			int delimiter = this.envelope.delimiter();
			if (delimiter < 0) {
				this.counters.dropped();
				continue;
			}
			if (!this.envelope.handle(delimiter, this.handler, socket)) {
				socket.send(READY, ZMQ.DONTWAIT); // no reply: tell the queue we are free again
			}
		}
	}

}
