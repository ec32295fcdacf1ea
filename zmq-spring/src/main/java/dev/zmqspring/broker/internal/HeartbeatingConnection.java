package dev.zmqspring.broker.internal;

import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqSocketHandler;

/**
 * The worker side of a heartbeating connection to a broker (Guide ch.4 "Robust Reliable Queuing":
 * ppworker, spec 6/PPP; "Service-Oriented Reliable Queuing": mdwrkapi, spec 7/MDP): greets the broker
 * after every (re)connect, heartbeats every interval, counts anything from the broker as a sign of
 * life, and when the broker stays silent for {@code liveness} intervals closes the socket (linger 0)
 * and, after the reconnect interval, connects a <em>fresh</em> socket through the
 * {@link ZmqActorLoop} (a new identity, so the broker forgets the stale one) and greets again. The
 * interval doubles on each consecutive failure up to the maximum and resets as soon as the broker
 * talks (the Guide's "exponential back-off"); equal bounds give a fixed pause.
 *
 * <p>The Guide counts liveness down once per silent interval; this connection keeps the equivalent
 * deadline ({@code interval × liveness} after the last message), moved by {@link #alive()}, so a
 * message costs one clock read. Before it gives up it reads what already arrived: a busy worker's
 * heartbeats may be waiting in its own queue.
 *
 * <p>Not a behavior: the Paranoid Pirate and Majordomo workers each run one and keep only their
 * {@link Protocol} (frames and commands). Every method is called on the owning actor's thread.
 */
public final class HeartbeatingConnection {

	/** The protocol on top of the connection: its socket, greeting, heartbeat and input. */
	public interface Protocol {

		/**
		 * Creates a fresh socket on the loop and connects it to the broker.
		 * @param loop the owning actor's loop
		 * @return the socket
		 */
		ZMQ.Socket connect(ZmqActorLoop loop);

		/**
		 * Sends the greeting (READY) on a freshly connected socket.
		 * @param socket the socket
		 */
		void sendReady(ZMQ.Socket socket);

		/**
		 * Sends one heartbeat.
		 * @param socket the socket
		 */
		void sendHeartbeat(ZMQ.Socket socket);

		/**
		 * Reads a batch of what arrived, calling {@link HeartbeatingConnection#alive()} for every
		 * message from the broker; stops when {@link HeartbeatingConnection#socket()} is no longer
		 * this socket (the protocol reconnected).
		 * @param socket the socket
		 * @param firstFlags {@code 0} for the first receive of a wake-up (input is queued then; it
		 * would wait at most {@link ZmqActorLoop#RECEIVER_TIMEOUT}, see {@link ZmqActorLoop#registerReceiver}),
		 * {@link ZMQ#DONTWAIT} to only take what is there
		 */
		void read(ZMQ.Socket socket, int firstFlags);

		/**
		 * The broker was silent too long; the socket is closed. For the log.
		 * @param silentMillis how long the broker has been silent at most
		 * @param reconnectMillis when the fresh socket connects
		 */
		void lost(long silentMillis, long reconnectMillis);

	}

	private final long heartbeatMillis;

	private final long expiryMillis;

	private final long reconnectInitial;

	private final long reconnectMax;

	private final Protocol protocol;

	private final ZmqSocketHandler receiver = this::onReadable;

	private ZmqActorLoop loop;

	private ZMQ.Socket socket;

	private long heartbeatAt;

	private long expiry;

	private long reconnectAt = -1;

	private long reconnectInterval;

	private volatile int connects;

	/**
	 * Creates the connection; nothing happens until {@link #open}.
	 * @param heartbeatMillis the heartbeat interval (match the broker's), at least 1
	 * @param liveness silent intervals after which the broker is considered lost, at least 1
	 * @param reconnectInitialMillis the first pause before reconnecting
	 * @param reconnectMaxMillis the cap of the doubling pause
	 * @param protocol the protocol on top
	 */
	public HeartbeatingConnection(long heartbeatMillis, int liveness, long reconnectInitialMillis,
			long reconnectMaxMillis, Protocol protocol) {
		this.heartbeatMillis = Math.max(1, heartbeatMillis);
		this.expiryMillis = this.heartbeatMillis * Math.max(1, liveness);
		this.reconnectInitial = Math.max(0, reconnectInitialMillis);
		this.reconnectMax = Math.max(this.reconnectInitial, reconnectMaxMillis);
		this.reconnectInterval = this.reconnectInitial;
		this.protocol = protocol;
	}

	/**
	 * Connects the first socket and greets the broker.
	 * @param loop the owning actor's loop
	 */
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		connect(System.currentTimeMillis());
	}

	/** The current socket, {@code null} while waiting to reconnect. */
	public ZMQ.Socket socket() {
		return this.socket;
	}

	/** How many sockets were connected (1 + reconnects); any thread. */
	public int connects() {
		return this.connects;
	}

	/** How many times the connection gave up on the broker and connected a fresh socket; any thread. */
	public int reconnects() {
		return Math.max(0, this.connects - 1);
	}

	/** The expiry after which the broker counts as lost: {@code interval × liveness}. */
	public long expiryMillis() {
		return this.expiryMillis;
	}

	/** A message from the broker arrived: it is alive, and the reconnect pause starts over. */
	public void alive() {
		this.expiry = System.currentTimeMillis() + this.expiryMillis;
		this.reconnectInterval = this.reconnectInitial;
	}

	/** Closes the socket and connects a fresh one at once (e.g. the broker sent DISCONNECT). */
	public void reconnect() {
		closeSocket();
		connect(System.currentTimeMillis());
	}

	/** The next time {@link #onTimer} must run. */
	public long nextTimerMillis() {
		return (this.socket == null) ? this.reconnectAt : Math.min(this.heartbeatAt, this.expiry);
	}

	/**
	 * Reconnects when due, gives up on a silent broker, heartbeats.
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
			this.protocol.read(this.socket, ZMQ.DONTWAIT); // what already arrived counts
			if (this.socket != null && System.currentTimeMillis() >= this.expiry) {
				closeSocket();
				long pause = this.reconnectInterval;
				this.reconnectAt = now + pause;
				this.reconnectInterval = Math.min(pause * 2, this.reconnectMax);
				this.protocol.lost(this.expiryMillis, pause);
				return;
			}
		}
		if (this.socket != null && now >= this.heartbeatAt) {
			this.protocol.sendHeartbeat(this.socket);
			this.heartbeatAt = now + this.heartbeatMillis;
		}
	}

	private void connect(long now) {
		ZMQ.Socket fresh = this.protocol.connect(this.loop);
		this.socket = fresh;
		this.loop.registerReceiver(fresh, this.receiver);
		this.connects++;
		this.reconnectAt = -1;
		this.heartbeatAt = now + this.heartbeatMillis;
		this.expiry = now + this.expiryMillis;
		this.protocol.sendReady(fresh);
	}

	private void onReadable(ZMQ.Socket readable) {
		this.protocol.read(readable, 0); // a receiver: called with input queued (ZmqActorLoop.registerReceiver)
	}

	private void closeSocket() {
		if (this.socket != null) {
			this.loop.close(this.socket, 0);
			this.socket = null;
		}
	}

}
