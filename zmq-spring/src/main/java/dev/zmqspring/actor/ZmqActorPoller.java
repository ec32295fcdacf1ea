package dev.zmqspring.actor;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

import org.zeromq.ZMQ;

import zmq.ZError;

/**
 * The actor's poller (Guide ch.2 "Handling Multiple Sockets"): the same level-triggered readiness
 * as {@code zmq_poll} — a socket is readable while {@code ZMQ_EVENTS} says {@code POLLIN} — without
 * {@code zmq_poll}'s cost per call.
 *
 * <p>JeroMQ's {@link ZMQ#poll} re-registers every item with the selector, copies the item array
 * and allocates a map on every call, and always enters the selector, even when input is already
 * queued. A listener that keeps up with its input calls it about once per message, so that cost
 * decided the listener's throughput (measured in the benchmarks module). This poller keeps one
 * selection key per socket for the socket's whole registration, asks {@code ZMQ_EVENTS} first and
 * enters the selector only when nothing is ready, which is all {@code zmq_poll} does for ZeroMQ
 * sockets. Registrations beyond the polled ones (a paused actor's sockets) are muted in the
 * selector, so their input cannot wake the actor. Used only on the actor's thread.
 */
final class ZmqActorPoller {

	/** What {@link #poll} returns when the context was terminated underneath the actor. */
	static final int TERMINATED = -1;

	/** Yields after a wake-up that found nothing, before parking instead. */
	private static final int YIELDS = 8;

	private static final long MIN_PARK_NANOS = 10_000;

	private static final long MAX_PARK_NANOS = 1_000_000;

	private final Selector selector;

	private final ZmqActorMailbox mailbox;

	private Registration[] registrations = new Registration[4];

	private int count;

	private long wakeUps;

	private final long receiverWaitMillis;

	ZmqActorPoller(Selector selector, ZmqActorMailbox mailbox) {
		this(selector, mailbox, ZmqActorLoop.RECEIVER_WAIT);
	}

	/**
	 * A poller with another bound on a receiver's early wake-up than {@link ZmqActorLoop#RECEIVER_WAIT}
	 * (tests: a long one shows what ends the wait).
	 */
	ZmqActorPoller(Selector selector, ZmqActorMailbox mailbox, Duration receiverWait) {
		this.selector = selector;
		this.mailbox = mailbox;
		this.receiverWaitMillis = Math.max(1, receiverWait.toMillis());
	}

	/**
	 * Polls a socket from now on.
	 * @param socket a socket of this actor
	 * @param handler what to call while it is readable
	 * @param receiver whether early wake-ups of this socket are waited out on the socket itself (see
	 * {@link #poll}) rather than yielded
	 */
	void register(ZMQ.Socket socket, ZmqSocketHandler handler, boolean receiver) {
		if (this.count == this.registrations.length) {
			this.registrations = Arrays.copyOf(this.registrations, this.count * 2);
		}
		this.registrations[this.count++] = new Registration(socket, handler, receiver);
	}

	/**
	 * Stops polling a socket. Its selection key is cancelled; the selector forgets it at its next
	 * selection, so a socket registered again right away gets a fresh key then (see {@link #key}).
	 * @param socket a registered socket
	 */
	void unregister(ZMQ.Socket socket) {
		for (int i = 0; i < this.count; i++) {
			Registration registration = this.registrations[i];
			if (registration.socket == socket) {
				System.arraycopy(this.registrations, i + 1, this.registrations, i, this.count - i - 1);
				this.registrations[--this.count] = null;
				if (registration.key != null) {
					registration.key.cancel();
				}
				return;
			}
		}
	}

	int count() {
		return this.count;
	}

	/** How many times the selector returned: a diagnostic for tests (a muted socket must not wake it). */
	long wakeUps() {
		return this.wakeUps;
	}

	/**
	 * The registration at an index, in the order of registration.
	 * @param index below {@link #count()}
	 * @return the registration
	 */
	Registration registration(int index) {
		return this.registrations[index];
	}

	/**
	 * Marks which of the first {@code polled} registrations are readable, waiting up to
	 * {@code timeout} milliseconds when none is.
	 *
	 * <p>One JeroMQ 0.6.0 quirk shapes the wait. A socket's mailbox signaler writes its wake-up byte
	 * <em>before</em> it counts the signal, and {@code ZMQ_EVENTS} trusts the count. The selector
	 * therefore wakes the actor while {@code ZMQ_EVENTS} still says "nothing", and on a busy machine
	 * the woken actor often runs on the very core the signalling I/O thread was just preempted from.
	 * {@code zmq_poll} then spins on the selector until that thread runs again (measured: about one
	 * useless wake-up per four messages in the listener benchmark). Here such a wake-up yields the
	 * processor to the signalling thread, and parks briefly if that is not enough. For a receiver
	 * registration the poller instead waits on that socket's own signal, as JeroMQ's blocking
	 * receive does, which takes the wake-up byte without trusting the count (a raw {@code recv} loop
	 * never sees this race): until the socket has input, mail is posted (the post cancels the wait,
	 * {@link ZmqActorMailbox#awaitInput}), the timeout is due, or {@link ZmqActorLoop#RECEIVER_WAIT}
	 * has passed; asleep instead of spinning, and only then is its handler called.
	 * <p>That bound is 10 ms, not 1 ms: a blocking JeroMQ wait bounded by 1 or 2 ms made a saturated
	 * PULL worker 10–25 % slower than the same wait bounded by 3 ms or more, though it expired only a
	 * few times per million messages (the cost is in arming so short a kernel timer at every wait;
	 * measured in BENCHMARKS.md, "The PULL worker in a plain application").
	 * <p>Mail posted to the actor's {@link ZmqActorMailbox} ends the wait too: the post wakes the
	 * selector, and the poll returns what is readable then (possibly nothing).
	 * @param polled how many registrations to look at (0 = none, a paused actor: only mail wakes it)
	 * @param timeout {@code -1} to wait until something is readable, {@code 0} not to wait
	 * @return how many are readable, 0 on timeout or mail, or {@link #TERMINATED}
	 * @throws IOException if the selector fails
	 */
	int poll(int polled, long timeout) throws IOException {
		int ready = readiness(polled);
		if (ready != 0 || timeout == 0 || this.mailbox.hasMail()) {
			return ready;
		}
		long deadline = (timeout > 0) ? System.currentTimeMillis() + timeout : 0;
		int early = 0;
		while (true) {
			for (int i = 0; i < this.count; i++) {
				if (!key(this.registrations[i], i < polled)) {
					return TERMINATED;
				}
			}
			long wait = 0;
			if (timeout > 0) {
				wait = deadline - System.currentTimeMillis();
				if (wait <= 0) {
					return readiness(polled);
				}
			}
			if (this.mailbox.hasMail()) {
				return ready; // checked after key(): its selectNow() clears an earlier wakeup()
			}
			// the action form: no selected-key set to fill and clear (a HashMap insertion per wake-up,
			// 7 % of a saturated listener thread's samples with the set, perf)
			int selected = this.selector.select(ZmqActorPoller::woke, wait);
			this.wakeUps++;
			ready = readiness(polled);
			Registration receiver = (selected > 0) ? earlyReceiver(polled) : null; // clears the marks
			if (ready == 0 && receiver != null && this.mailbox.awaitInput(receiver.socket.base(), receiverWait(timeout, deadline))) {
				receiver.readable = true;
				ready = 1;
			}
			if (ready != 0 || this.mailbox.hasMail()) {
				return ready;
			}
			if (selected > 0 && receiver == null) {
				// a signal not counted yet, or a command that made nothing readable (a new peer)
				backOff(++early);
			}
		}
	}

	/** The selector's action for a key that woke it: marks its registration. */
	private static void woke(SelectionKey key) {
		((Registration) key.attachment()).woke = true;
	}

	/**
	 * The first receiver whose socket woke the selector although {@code ZMQ_EVENTS} says nothing;
	 * clears every registration's wake-up mark.
	 */
	private Registration earlyReceiver(int polled) {
		Registration early = null;
		for (int i = 0; i < this.count; i++) {
			Registration registration = this.registrations[i];
			if (early == null && i < polled && registration.receiver && registration.woke) {
				early = registration;
			}
			registration.woke = false;
		}
		return early;
	}

	/** How long a receiver's early wake-up may wait: the receiver wait, cut short by the timeout. */
	private int receiverWait(long timeout, long deadline) {
		long wait = this.receiverWaitMillis;
		if (timeout > 0) {
			wait = Math.min(wait, Math.max(1, deadline - System.currentTimeMillis()));
		}
		return (int) wait;
	}

	/** After a wake-up that found nothing: let the signalling thread finish (see {@link #poll}). */
	private static void backOff(int attempt) {
		if (attempt <= YIELDS) {
			Thread.yield();
		}
		else {
			LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, MIN_PARK_NANOS << Math.min(attempt - YIELDS, 10)));
		}
	}

	private int readiness(int polled) {
		int ready = 0;
		for (int i = 0; i < polled; i++) {
			Registration registration = this.registrations[i];
			int events = registration.socket.base().getSocketOpt(zmq.ZMQ.ZMQ_EVENTS);
			if (events < 0) {
				return TERMINATED;
			}
			registration.readable = (events & ZMQ.Poller.POLLIN) != 0;
			if (registration.readable) {
				ready++;
			}
		}
		for (int i = polled; i < this.count; i++) {
			this.registrations[i].readable = false; // not looked at (paused): nothing to call
		}
		return ready;
	}

	/**
	 * Makes sure the registration has a live selection key, listening if the registration is polled
	 * and muted if not. A key cancelled by an earlier {@link #unregister} of the same socket lingers
	 * in the selector until its next selection, and registering its channel before that fails, so a
	 * quick selection flushes it first.
	 */
	private boolean key(Registration registration, boolean listening) throws IOException {
		if (registration.key != null && registration.key.isValid()) {
			if (registration.listening != listening) {
				try {
					registration.key.interestOps(listening ? SelectionKey.OP_READ : 0);
				}
				catch (CancelledKeyException ex) {
					return false; // its channel was closed: the context is terminating
				}
				registration.listening = listening;
			}
			return true;
		}
		if (!listening) {
			return true; // no key until it is polled
		}
		try {
			try {
				registration.key = register(registration);
			}
			catch (CancelledKeyException ex) {
				this.selector.selectNow();
				this.selector.selectedKeys().clear();
				registration.key = register(registration);
			}
			registration.listening = true;
			return true;
		}
		catch (ClosedChannelException | ZError.CtxTerminatedException ex) {
			return false;
		}
	}

	private SelectionKey register(Registration registration) throws ClosedChannelException {
		SelectableChannel channel = registration.socket.getFD();
		if (channel == null) {
			throw new ClosedChannelException(); // JeroMQ answers null once the context is terminated
		}
		return channel.register(this.selector, SelectionKey.OP_READ, registration);
	}

	/**
	 * A polled socket, its handler, its selection key (listening or muted) and whether it was
	 * readable at the last poll.
	 */
	static final class Registration {

		final ZMQ.Socket socket;

		final ZmqSocketHandler handler;

		final boolean receiver;

		SelectionKey key;

		boolean listening;

		boolean readable;

		/** Whether its key woke the selector at the last selection (read only after a wake-up). */
		boolean woke;

		Registration(ZMQ.Socket socket, ZmqSocketHandler handler, boolean receiver) {
			this.socket = socket;
			this.handler = handler;
			this.receiver = receiver;
		}

	}

}
