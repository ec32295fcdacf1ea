package dev.zmqspring.broker;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.broker.internal.HeartbeatingConnection;
import dev.zmqspring.broker.internal.HeartbeatingWorker;
import dev.zmqspring.support.ZmqEndpoint;
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
 * "interval doubling"). That is the broker kit's {@link HeartbeatingConnection}; this class is the
 * PPP frames on top. Requests are handled on the actor thread, so no heartbeat goes out while a
 * handler runs: keep handlers shorter than {@code interval * liveness} of the queue. Malformed
 * messages are dropped and counted, also in the listener's counters (health, {@code zmq.dropped}).
 */
final class ParanoidPirateWorker extends HeartbeatingWorker {

	private static final Log logger = LogFactory.getLog(ParanoidPirateWorker.class);

	private static final byte[] READY = { ParanoidPirateQueue.READY };

	private static final byte[] HEARTBEAT = { ParanoidPirateQueue.HEARTBEAT };

	private final ZmqWorkerDefinition definition;

	private final ZmqRequestHandler handler;

	private final ZmqCounters counters = new ZmqCounters();

	private final RequestEnvelope envelope = new RequestEnvelope(this.counters);

	private final HeartbeatingConnection connection;

	private String name;

	// actor-thread state
	private int queueIndex;

	ParanoidPirateWorker(ZmqWorkerDefinition definition, ZmqRequestHandler handler,
			ParanoidPirateWorkerProtocol settings) {
		this.definition = definition;
		this.handler = handler;
		this.connection = new HeartbeatingConnection(settings.getHeartbeatInterval().toMillis(),
				settings.getHeartbeatLiveness(), settings.getReconnectInitial().toMillis(),
				settings.getReconnectMax().toMillis(), new Ppp());
	}

	/**
	 * The queue of the next connect: the first one, then, after each loss, the next one of a Binary Star
	 * pair of queues ({@code a|b}; Guide ch.4), in turn.
	 */
	private List<ZmqEndpoint> nextQueue() {
		List<List<ZmqEndpoint>> queues = this.definition.servers();
		if (queues.size() <= 1) {
			return this.definition.endpoints();
		}
		List<ZmqEndpoint> queue = queues.get(this.queueIndex);
		this.queueIndex = (this.queueIndex + 1) % queues.size();
		return queue;
	}

	/** The worker's counters (requests in, replies out, handler time, errors, drops). */
	public ZmqCounters getCounters() {
		return this.counters;
	}

	/** How many times the worker gave up on a silent queue and reconnected. */
	public int getReconnects() {
		return this.connection.reconnects();
	}

	@Override
	protected HeartbeatingConnection connection() {
		return this.connection;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.name = loop.name();
		super.open(loop);
	}

	private void dropped() {
		this.counters.dropped();
		this.handler.dropped();
	}

	/** Spec 6/PPP on the worker's DEALER. */
	private final class Ppp implements HeartbeatingConnection.Protocol {

		@Override
		public ZMQ.Socket connect(ZmqActorLoop loop) {
			ZMQ.Socket socket = loop.socket(SocketType.DEALER, List.of());
			ZmqSocketFactory.attach(socket, nextQueue(), ParanoidPirateWorker.this.definition.source());
			return socket;
		}

		@Override
		public void sendReady(ZMQ.Socket socket) {
			socket.send(READY, ZMQ.DONTWAIT);
		}

		@Override
		public void sendHeartbeat(ZMQ.Socket socket) {
			socket.send(HEARTBEAT, ZMQ.DONTWAIT);
		}

		@Override
		public void read(ZMQ.Socket socket, int firstFlags) {
			RequestEnvelope envelope = ParanoidPirateWorker.this.envelope;
			for (int i = 0; i < AbstractWorkerBroker.BATCH; i++) {
				int count = envelope.read(socket, (i == 0) ? firstFlags : ZMQ.DONTWAIT);
				if (count == 0) {
					return;
				}
				ParanoidPirateWorker.this.connection.alive();
				if (count == 1 && envelope.frame(0).length == 1) {
					continue; // HEARTBEAT (or another command): the queue is alive
				}
				int delimiter = envelope.delimiter();
				if (delimiter < 0) {
					dropped();
					continue;
				}
				if (!envelope.handle(delimiter, ParanoidPirateWorker.this.handler, socket)) {
					socket.send(READY, ZMQ.DONTWAIT); // no reply: tell the queue we are free again
				}
			}
		}

		@Override
		public void lost(long silentMillis, long reconnectMillis) {
			logger.warn("Paranoid Pirate worker '" + ParanoidPirateWorker.this.name
					+ "': heartbeat failure, cannot reach the queue at "
					+ ParanoidPirateWorker.this.definition.endpoints() + "; reconnecting in " + reconnectMillis + " ms");
		}

	}

}
