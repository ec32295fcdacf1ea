package dev.zmqspring.support.internal;

import java.util.concurrent.atomic.LongAdder;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import zmq.Msg;
import zmq.msg.MsgAllocator;
import zmq.msg.MsgAllocatorThreshold;

import dev.zmqspring.support.ZmqConnectionLimits;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSubscriptionLimits;

/**
 * The message allocator of every socket the starter creates: it stops a frame that <em>claims</em>
 * a huge or impossible size from allocating it, and carries the socket's cap for sockets that bind.
 *
 * <p>Why it exists (JeroMQ 0.6.0, {@code zmq.io.coder.Decoder.sizeReady}): the decoder allocates a
 * frame's whole claimed size as soon as it has read the size field, before any payload arrives. It
 * rejects a size above {@code ZMQ_MAXMSGSIZE} and above {@link Integer#MAX_VALUE}, but a 64-bit
 * size with its top bit set is a <em>negative</em> {@code long} and passes both checks; it is then
 * cast to {@code int}, which yields any value: a negative one throws
 * {@link NegativeArraySizeException} on JeroMQ's I/O thread, which ends that thread and so every
 * connection of the context; a positive one (up to 2 GB) is allocated whatever the cap. JeroMQ calls
 * its socket's {@link MsgAllocator} for that allocation, so this allocator refuses every size that
 * is negative or above the socket's cap and returns an empty frame instead: nothing is allocated,
 * the I/O thread lives, and the peer's following bytes are decoded as the junk they are (a ZMTP
 * handshake fails on them and the connection is dropped). A failed large allocation
 * ({@link OutOfMemoryError}, e.g. direct memory exhausted by many connections each claiming a
 * frame just under a raised cap) is refused the same way rather than thrown on the I/O thread.
 * Every refusal is counted ({@link #getRejectedFrames()}).
 *
 * <p>A publisher (PUB or XPUB) that binds tcp or ipc also gets a {@link ZmqSubscriptionGuard}: its
 * frames are subscriptions, which this allocator makes as frames that guard asks about.
 *
 * <p>Allocation otherwise is JeroMQ's default: heap up to 1 MB, direct buffers above.
 *
 * <p>Thread-safe: called by JeroMQ's I/O threads.
 */
public final class ZmqFrameGuard implements MsgAllocator {

	private static final MsgAllocator DEFAULT = new MsgAllocatorThreshold();

	private final long boundCap;

	private volatile long cap;

	private volatile boolean bound;

	private final ZmqSubscriptionLimits subscriptionLimits;

	private final ZmqConnectionLimits connectionLimits;

	private final LongAdder rejectedFrames = new LongAdder();

	private volatile LongAdder sink;

	private volatile ZmqSubscriptionGuard subscriptions;

	private LongAdder[] subscriptionSinks = new LongAdder[3];

	ZmqFrameGuard(long cap, long boundCap) {
		this(cap, boundCap, ZmqSubscriptionLimits.DEFAULTS, ZmqConnectionLimits.DEFAULTS);
	}

	public ZmqFrameGuard(long cap, long boundCap, ZmqSubscriptionLimits subscriptionLimits,
			ZmqConnectionLimits connectionLimits) {
		this.cap = cap;
		this.boundCap = boundCap;
		this.subscriptionLimits = subscriptionLimits;
		this.connectionLimits = connectionLimits;
	}

	/** How many connections the socket keeps open once it binds (enforced by its connection monitor). */
	public ZmqConnectionLimits getConnectionLimits() {
		return this.connectionLimits;
	}

	/**
	 * The guard of a socket created by {@link ZmqSocketFactory}, or {@code null}.
	 * @param socket the socket
	 * @return its guard or {@code null} for a socket created elsewhere
	 */
	public static ZmqFrameGuard of(ZMQ.Socket socket) {
		Object allocator = socket.base().getSocketOptx(zmq.ZMQ.ZMQ_MSG_ALLOCATOR);
		return (allocator instanceof ZmqFrameGuard guard) ? guard : null;
	}

	@Override
	public Msg allocate(int size) {
		long limit = this.cap;
		if (size < 0 || (limit >= 0 && size > limit)) {
			return reject();
		}
		try {
			ZmqSubscriptionGuard guard = this.subscriptions;
			return (guard != null) ? guard.allocate(size) : DEFAULT.allocate(size);
		}
		catch (OutOfMemoryError ex) {
			return reject();
		}
	}

	private Msg reject() {
		this.rejectedFrames.increment();
		LongAdder target = this.sink;
		if (target != null) {
			target.increment();
		}
		return new Msg(0);
	}

	/** The largest frame the socket accepts, {@code -1} for unlimited. */
	public long getCap() {
		return this.cap;
	}

	/** Whether the socket was bound to a tcp or ipc endpoint (so it faces whoever reaches the port). */
	public boolean isBound() {
		return this.bound;
	}

	/**
	 * The subscription guard of a publisher (PUB or XPUB) that binds tcp or ipc, or {@code null}.
	 */
	public ZmqSubscriptionGuard getSubscriptionGuard() {
		return this.subscriptions;
	}

	/** How many frames claimed a size that was refused here. */
	public long getRejectedFrames() {
		return this.rejectedFrames.sum();
	}

	/**
	 * Also counts refused frames into the given adder (e.g. a component's counters).
	 * @param target the adder, may be {@code null}
	 */
	public void countInto(LongAdder target) {
		this.sink = target;
	}

	/**
	 * Counts what the socket's {@link ZmqSubscriptionGuard} does into the given adders, should the
	 * socket turn out to be a bound publisher (now or when it binds later). Call it from the thread
	 * that owns the socket, before it binds.
	 * @param refused where refused frames are counted
	 * @param cut where cut connections are counted
	 * @param held what follows the subscriptions held now
	 */
	public void countSubscriptionsInto(LongAdder refused, LongAdder cut, LongAdder held) {
		this.subscriptionSinks = new LongAdder[] { refused, cut, held };
		ZmqSubscriptionGuard guard = this.subscriptions;
		if (guard != null) {
			guard.countInto(refused, cut, held);
		}
	}

	/**
	 * Called before the socket binds a tcp or ipc endpoint: a socket without its own cap gets the
	 * cap of sockets that bind ({@code zmq.bound-max-message-size}). JeroMQ's listener shares the
	 * socket's options, so the cap must be in place before the first connection is accepted.
	 */
	public void beforeBind(ZMQ.Socket socket) {
		this.bound = true;
		SocketType type = socket.getSocketType();
		if (this.subscriptions == null && (type == SocketType.PUB || type == SocketType.XPUB)) {
			// a publisher's peers send subscriptions its trie keeps: guard them (ZmqSubscriptionGuard)
			ZmqSubscriptionGuard guard = new ZmqSubscriptionGuard(this.subscriptionLimits);
			guard.countInto(this.subscriptionSinks[0], this.subscriptionSinks[1], this.subscriptionSinks[2]);
			this.subscriptions = guard;
		}
		if (this.cap < 0 && this.boundCap >= 0) {
			socket.setMaxMsgSize(this.boundCap);
			this.cap = this.boundCap;
		}
		String domain = socket.getZapDomain();
		if (domain == null || domain.isEmpty()) {
			socket.setZapDomain(ZAP_DOMAIN);
		}
	}

	/**
	 * The ZAP domain a bound socket gets unless it has one: it makes JeroMQ refuse peers that speak
	 * ZMTP 1.0 or 2.0 ({@code StreamEngine.handshake}: "reject ZMTP 1.0 connections if ZAP is
	 * enabled"). Why: any first byte other than {@code 0xFF} makes JeroMQ 0.6.0 fall back to ZMTP 1.0,
	 * which has no greeting, no mechanism and no socket-type check, so random bytes from a hostile
	 * peer were decoded as frames and delivered to a PULL handler as messages, and a half-decoded
	 * multipart message held the fair queue of REP/PULL sockets on that connection. ZMTP 3.0 (libzmq
	 * 4.0 and later, every JeroMQ) is not affected. With the NULL mechanism and no ZAP handler bound at
	 * {@code inproc://zeromq.zap.01} the domain changes nothing else (JeroMQ's {@code NullMechanism}
	 * then skips ZAP); an application that binds a ZAP handler gets our NULL connections asked with
	 * this domain.
	 */
	public static final String ZAP_DOMAIN = "zmq-spring";

	/** The monitor events the starter's connection monitor asks for. */
	public static final int MONITORED_EVENTS = zmq.ZMQ.ZMQ_EVENT_ACCEPTED | zmq.ZMQ.ZMQ_EVENT_CONNECTED | zmq.ZMQ.ZMQ_EVENT_DISCONNECTED
					| zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_PROTOCOL | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
					| zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

}
