package dev.zmqspring.actor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.internal.ZmqFrameGuard;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

/**
 * The view a {@link ZmqActorBehavior} has of its actor: it creates sockets that the actor closes at
 * the end, registers them for polling, and may stop the actor from inside. Used only on the actor
 * thread, so it needs no synchronization.
 */
public final class ZmqActorLoop {

	/**
	 * The receive timeout of a {@link #registerReceiver receiver} socket: a guard only, since the
	 * poller calls a receiver's handler once input is queued, so its first receive does not wait.
	 */
	public static final Duration RECEIVER_TIMEOUT = Duration.ofMillis(1);

	/**
	 * The longest the poller waits on a {@link #registerReceiver receiver} socket after an early
	 * wake-up, unless mail, input or a timer ends the wait sooner; the longest the actor's other
	 * sockets may then wait. Not shorter: a JeroMQ wait bounded by 1–2 ms costs a saturated
	 * listener 10–25 % of its throughput on Linux (BENCHMARKS.md, "The PULL worker in a plain
	 * application").
	 */
	public static final Duration RECEIVER_WAIT = Duration.ofMillis(10);

	private static final AtomicInteger MONITOR_SEQUENCE = new AtomicInteger();

	private final String name;

	private final ZmqSocketFactory factory;

	private final List<ZMQ.Socket> owned = new ArrayList<>();

	private final ZmqActorMailbox mailbox;

	private ZmqActorPoller poller;

	private final ZmqCounters counters;

	private final List<ZmqConnectionMonitor> monitors = new ArrayList<>();

	/**
	 * How often the actor reads its connection monitors. They are read on a timer, not polled: a
	 * polled monitor pipe cost every round of a busy listener one more {@code ZMQ_EVENTS} look
	 * (measured: the PULL worker fell from 0.99x to 0.85x raw JeroMQ), and connection counts need
	 * no sub-second freshness. The pipe's high-water mark is unlimited, so nothing is lost meanwhile.
	 */
	static final long MONITOR_READ_MILLIS = 1000;

	private long nextMonitorRead = -1;

	/** When the actor's next timer or monitor read is due this round, {@code -1} for none. */
	private long wakeAt = -1;

	private boolean stopRequested;

	ZmqActorLoop(String name, ZmqSocketFactory factory, ZmqActorMailbox mailbox, ZmqCounters counters) {
		this.name = name;
		this.factory = factory;
		this.mailbox = mailbox;
		this.counters = counters;
	}

	void attach(ZmqActorPoller poller) {
		this.poller = poller;
	}

	/** The actor's name. */
	public String name() {
		return this.name;
	}

	/** The factory the actor's sockets come from (its options are the {@code zmq.*} defaults). */
	public ZmqSocketFactory factory() {
		return this.factory;
	}

	/**
	 * The actor's mailbox, for handing to other threads: what they post runs on this actor's thread
	 * (e.g. the completion of an asynchronous result). Never block the actor waiting on it; see
	 * {@link #runArriving} for the one exception, finishing in-flight work while stopping.
	 */
	public ZmqActorMailbox mailbox() {
		return this.mailbox;
	}

	/**
	 * Waits for tasks posted to the mailbox and runs them, without reading any socket: for
	 * {@link ZmqActorBehavior#onStop} when in-flight work completes on other threads.
	 * @param timeout how long to wait for at least one task
	 * @return whether a task ran
	 */
	public boolean runArriving(Duration timeout) {
		return this.mailbox.runArriving(timeout.toNanos());
	}

	/**
	 * Creates a socket owned by this actor and attaches it to the endpoints.
	 * @param type the socket type
	 * @param endpoints where to bind or connect (may be empty)
	 * @return the socket, closed by the actor when it ends
	 */
	public ZMQ.Socket socket(SocketType type, List<ZmqEndpoint> endpoints) {
		return socket(type, this.factory.getOptions(), endpoints);
	}

	/**
	 * Creates a socket owned by this actor with specific options and attaches it to the endpoints.
	 * @param type the socket type
	 * @param options the socket options
	 * @param endpoints where to bind or connect (may be empty)
	 * @return the socket, closed by the actor when it ends
	 */
	public ZMQ.Socket socket(SocketType type, ZmqSocketOptions options, List<ZmqEndpoint> endpoints) {
		ZMQ.Socket socket = this.factory.create(type, options);
		this.owned.add(socket);
		ZmqFrameGuard guard = ZmqFrameGuard.of(socket);
		if (guard != null) {
			guard.countInto(this.counters.framesRejectedAdder());
			guard.countSubscriptionsInto(this.counters.subscriptionsRefusedAdder(), this.counters.subscribersCutAdder(),
					this.counters.subscriptionsHeldAdder());
		}
		ZmqSocketFactory.attach(socket, endpoints);
		return socket;
	}

	/**
	 * Polls the socket for input and calls the handler when it is readable.
	 * @param socket a socket owned by this actor
	 * @param handler what to do when it is readable
	 */
	public void register(ZMQ.Socket socket, ZmqSocketHandler handler) {
		this.poller.register(socket, handler, false);
	}

	/**
	 * Polls a socket for input like {@link #register}, for the single busy input of an actor, whose
	 * handler begins every call with one <em>waiting</em> receive ({@code recv(0)}, not
	 * {@code DONTWAIT}) and then drains without blocking.
	 *
	 * <p>Why: JeroMQ 0.6.0 wakes a poller before it counts the wake-up, so a non-blocking look
	 * finds nothing while the wake-up is pending (see {@code ZmqActorPoller#poll}). For a receiver
	 * the poller then waits on the socket itself, the way a raw blocking {@code recv} loop does,
	 * instead of yielding until JeroMQ's thread catches up: until input arrives, mail is posted, a
	 * timer is due or {@link #RECEIVER_WAIT} has passed, and calls the handler only with input
	 * queued. The socket's receive timeout is set to {@link #RECEIVER_TIMEOUT}, which bounds the
	 * handler's waiting receive should nothing be queued after all.
	 * Used for the single busy input of an actor: a listener's socket, the Majordomo broker's ROUTER,
	 * the Majordomo worker's DEALER, the load-balancing worker's REQ, the Paranoid Pirate worker's
	 * DEALER, the Freelance client's ROUTER. Not for an actor with two busy inputs (a queue or
	 * broker's frontend and backend): a wake-up of one that brings no message (a flow-control
	 * command) would keep the other waiting.
	 * @param socket a socket owned by this actor, read only by the handler
	 * @param handler what to do when it is readable
	 */
	public void registerReceiver(ZMQ.Socket socket, ZmqSocketHandler handler) {
		socket.setReceiveTimeOut((int) RECEIVER_TIMEOUT.toMillis());
		this.poller.register(socket, handler, true);
	}

	/**
	 * Waits, inside a receiver's handler, for more input on its socket: the way the poller waits out
	 * an early wake-up and a blocking {@code recv} loop waits, so a handler that has drained its
	 * socket need not return to the poller while input keeps coming. The wait ends when input is
	 * queued, when mail is posted (the post cancels it), when the actor's next timer is due, or after
	 * {@link #RECEIVER_WAIT}. Measured: a saturated PULL worker 12 % faster than returning to the
	 * poller each time (BENCHMARKS.md, "The PULL worker in a plain application").
	 * @param socket a socket of this actor, registered with {@link #registerReceiver}
	 * @return {@code true} when input is queued, {@code false} when the handler should return
	 */
	public boolean awaitInput(ZMQ.Socket socket) {
		long wait = RECEIVER_WAIT.toMillis();
		if (this.wakeAt >= 0) {
			long left = this.wakeAt - System.currentTimeMillis();
			if (left <= 0) {
				return false;
			}
			wait = Math.min(wait, left);
		}
		return this.mailbox.awaitInput(socket.base(), (int) wait);
	}

	/** Called by the actor before the handlers of a round: when its next timer is due. */
	void wakeAt(long millis) {
		this.wakeAt = millis;
	}

	/**
	 * Stops polling the socket.
	 * @param socket a registered socket
	 */
	public void unregister(ZMQ.Socket socket) {
		this.poller.unregister(socket);
	}

	/**
	 * Unregisters and closes a socket owned by this actor now (e.g. to reconnect with a fresh one).
	 * @param socket the socket
	 * @param linger how long pending messages may still go out, in milliseconds
	 */
	public void close(ZMQ.Socket socket, long linger) {
		unregister(socket);
		for (int i = this.monitors.size() - 1; i >= 0; i--) {
			if (this.monitors.get(i).monitored() == socket) {
				closeMonitor(this.monitors.remove(i));
			}
		}
		if (this.owned.remove(socket)) {
			socket.setLinger(linger);
			this.factory.close(socket);
		}
	}

	/** Asks the loop to end after the current callback; {@link ZmqActorBehavior#onStop} is called. */
	public void stop() {
		this.stopRequested = true;
	}

	boolean isStopRequested() {
		return this.stopRequested;
	}

	/**
	 * Starts a connection monitor ({@link ZmqConnectionMonitor}) for every socket of this actor that
	 * was bound to a tcp or ipc endpoint and has none yet. Called by the actor after its behavior
	 * opened. Our PAIR connects before JeroMQ binds the monitor's inproc address (JeroMQ allows
	 * that), so JeroMQ never waits for a reader; the reader's receive high-water mark is unlimited so
	 * that JeroMQ's I/O thread never blocks on a busy actor (an event is ~40 bytes).
	 */
	void watchBoundSockets() {
		for (ZMQ.Socket socket : List.copyOf(this.owned)) {
			ZmqFrameGuard guard = ZmqFrameGuard.of(socket);
			if (guard == null || !guard.isBound() || isMonitored(socket)) {
				continue;
			}
			String address = "inproc://zmq-monitor-" + this.name + "-" + MONITOR_SEQUENCE.incrementAndGet();
			ZMQ.Socket pipe = this.factory.create(SocketType.PAIR);
			pipe.setLinger(0);
			pipe.setRcvHWM(0);
			pipe.connect(address);
			if (!socket.monitor(address, ZmqFrameGuard.MONITORED_EVENTS)) {
				this.factory.close(pipe);
				continue;
			}
			ZmqConnectionMonitor monitor = new ZmqConnectionMonitor(socket, pipe, this.counters,
					this.factory.getOptions().handshakeInterval(), guard.getSubscriptionGuard(), guard.getConnectionLimits());
			this.monitors.add(monitor);
			if (this.nextMonitorRead < 0) {
				this.nextMonitorRead = System.currentTimeMillis() + MONITOR_READ_MILLIS;
			}
		}
	}

	private boolean isMonitored(ZMQ.Socket socket) {
		for (ZmqConnectionMonitor monitor : this.monitors) {
			if (monitor.monitored() == socket) {
				return true;
			}
		}
		return false;
	}

	/** When the actor next reads its connection monitors, {@code -1} if it has none. */
	long nextMonitorRead() {
		return this.nextMonitorRead;
	}

	/**
	 * Reads every connection monitor's events (on the actor thread, from its timer).
	 * @param now the current time in milliseconds
	 */
	void readMonitors(long now) {
		for (ZmqConnectionMonitor monitor : this.monitors) {
			monitor.onReadable(monitor.pipe());
		}
		this.nextMonitorRead = this.monitors.isEmpty() ? -1 : now + MONITOR_READ_MILLIS;
	}

	private void closeMonitor(ZmqConnectionMonitor monitor) {
		try {
			// stop JeroMQ's writer first (under its monitor lock), then close our reader
			monitor.monitored().monitor(null, 0);
		}
		catch (RuntimeException ex) {
			// context terminated: JeroMQ closes its monitor socket itself
		}
		try {
			this.factory.close(monitor.pipe());
		}
		catch (RuntimeException ex) {
			// context terminated
		}
		monitor.closed();
	}

	void closeAll() {
		for (int i = this.monitors.size() - 1; i >= 0; i--) {
			closeMonitor(this.monitors.get(i));
		}
		this.monitors.clear();
		for (int i = this.owned.size() - 1; i >= 0; i--) {
			try {
				this.factory.close(this.owned.get(i));
			}
			catch (RuntimeException ex) {
				// closing after ETERM may fail; the context reclaims it
			}
		}
		this.owned.clear();
	}

}
