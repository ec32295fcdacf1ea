package dev.zmqspring.support.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import zmq.Msg;
import zmq.io.Metadata;
import zmq.io.net.Address;

import dev.zmqspring.support.ZmqSubscriptionLimits;

/**
 * Keeps what the peers of one bound publisher (PUB or XPUB, Guide ch.2 and ch.5) subscribe within
 * {@link ZmqSubscriptionLimits}, <em>before</em> JeroMQ's subscription trie sees a subscription: a
 * subscription over a limit is dropped, counted, and its connection is cut; the socket keeps serving
 * everyone else.
 *
 * <p>Why here: JeroMQ 0.6.0 adds a subscription to its trie on the thread that owns the socket (one
 * recursive call per byte, so one long prefix overflows that thread's stack, and the reaper's when the
 * peer leaves) and keeps it as long as the peer stays (about 60 bytes of heap per byte of prefix, so
 * a flood of distinct subscriptions fills any heap). Neither has a limit or a hook in the socket. What
 * it has is the socket's message allocator ({@link ZmqFrameGuard}), which makes every inbound frame of
 * a connection, and the engine then stamps each decoded frame with its connection's metadata
 * ({@code Peer-Address}) on the I/O thread before handing it to the session. So the allocator makes a
 * {@link Frame} whose {@code setMetadata} asks this guard, and a refused frame then reports itself as
 * a ZMTP command, which JeroMQ's session discards ({@code SessionBase.pushMsg}). The connection is cut
 * by shutting its channel's input, known from the socket monitor's {@code ACCEPTED} event
 * ({@link #accepted}): JeroMQ's engine reads the end of the stream and closes it the ordinary way, so the
 * trie forgets the peer's subscriptions.
 *
 * <p>What counts: per connection, the distinct prefixes it subscribed and did not cancel (a repeat is
 * free: the trie already has it); per socket, those counts added up, and the bytes of the distinct
 * prefixes of all connections (what the trie's size follows). A frame that is not a subscription or a
 * cancel (JeroMQ would keep it unread on a PUB forever) is refused too. Frames over CURVE are decrypted
 * into new messages by JeroMQ, so they pass unguarded: only authenticated peers can send them.
 *
 * <p>Thread-safe: JeroMQ's I/O threads call {@link Frame#setMetadata}, the actor thread
 * {@link #accepted} and {@link #disconnected}. Subscriptions are rare, so one lock serves.
 */
public final class ZmqSubscriptionGuard {

	private static final Log logger = LogFactory.getLog(ZmqSubscriptionGuard.class);

	private static final String[] REASONS = { "is not a subscription", "is longer than zmq.subscriptions.max-length",
			"is over zmq.subscriptions.max-per-connection", "is over zmq.subscriptions.max-per-socket",
			"is over zmq.subscriptions.max-bytes" };

	private final ZmqSubscriptionLimits limits;

	private final LongAdder refused = new LongAdder();

	private final LongAdder cut = new LongAdder();

	private volatile LongAdder refusedSink;

	private volatile LongAdder cutSink;

	private volatile LongAdder heldSink;

	// all below guarded by "this"
	private final Map<String, Peer> peers = new HashMap<>();

	private final Map<ByteBuffer, int[]> distinct = new HashMap<>();

	private final Map<String, SocketChannel> channels = new HashMap<>();

	private final Set<String> doomed = new HashSet<>();

	private long distinctBytes;

	private int total;

	private long lastLog;

	ZmqSubscriptionGuard(ZmqSubscriptionLimits limits) {
		this.limits = limits;
	}

	/** The limits this guard keeps. */
	public ZmqSubscriptionLimits getLimits() {
		return this.limits;
	}

	/** Frames refused so far (subscriptions over a limit and frames that are no subscription). */
	public long getRefused() {
		return this.refused.sum();
	}

	/** Connections cut so far for going over a limit. */
	public long getCut() {
		return this.cut.sum();
	}

	/** Subscriptions the socket's peers hold now, as far as this guard counts them. */
	public synchronized int getSubscriptions() {
		return this.total;
	}

	/** Bytes of the distinct subscription prefixes the socket holds now. */
	public synchronized long getDistinctBytes() {
		return this.distinctBytes;
	}

	/**
	 * Also counts into the given adders (a component's counters).
	 * @param refusedTarget where refused frames are counted, may be {@code null}
	 * @param cutTarget where cut connections are counted, may be {@code null}
	 * @param heldTarget what follows the subscriptions held now, may be {@code null}
	 */
	public void countInto(LongAdder refusedTarget, LongAdder cutTarget, LongAdder heldTarget) {
		this.refusedSink = refusedTarget;
		this.cutSink = cutTarget;
		this.heldSink = heldTarget;
	}

	Msg allocate(int size) {
		return new Frame(size, this);
	}

	/**
	 * The socket monitor saw a connection accepted (actor thread): remember its channel, and cut it at
	 * once if it already went over a limit.
	 * @param channel the connection's channel, as JeroMQ's monitor reports it
	 */
	public void accepted(Object channel) {
		String key = key(channel);
		if (key == null) {
			return;
		}
		boolean cutNow;
		synchronized (this) {
			this.channels.put(key, (SocketChannel) channel);
			cutNow = this.doomed.remove(key);
		}
		if (cutNow) {
			shut((SocketChannel) channel);
		}
	}

	/**
	 * The socket monitor saw a connection end (actor thread): forget it and what it subscribed, which
	 * JeroMQ's trie has forgotten too.
	 * @param channel the connection's channel, as JeroMQ's monitor reports it
	 */
	public void disconnected(Object channel) {
		String key = key(channel);
		if (key == null) {
			return;
		}
		synchronized (this) {
			SocketChannel known = this.channels.get(key);
			if (known == null || known == channel) {
				this.channels.remove(key);
			}
			this.doomed.remove(key);
			Peer peer = this.peers.get(key);
			if (peer != null && (known == null || known == channel)) {
				release(this.peers.remove(key));
			}
		}
	}

	/**
	 * The socket monitor found no connection open on the socket (actor thread): whatever this guard
	 * still counts belongs to connections that are gone, so it forgets it. A safety net: each
	 * connection's subscriptions are forgotten at its own end ({@link #disconnected}) already.
	 */
	public synchronized void idle() {
		if (this.peers.isEmpty()) {
			return;
		}
		this.peers.values().forEach(this::release);
		this.peers.clear();
		this.doomed.clear();
		this.channels.clear();
	}

	/** Whether a frame of the given connection may pass to JeroMQ's socket; called on an I/O thread. */
	boolean admit(Msg frame, Metadata metadata) {
		String key = metadata.get(Metadata.PEER_ADDRESS);
		if (key == null) {
			return true;
		}
		int reason;
		SocketChannel toCut = null;
		synchronized (this) {
			Peer peer = this.peers.get(key);
			if (peer != null && peer.metadata != metadata) {
				// the address was reused: JeroMQ's engine of the old connection is gone
				release(this.peers.remove(key));
				peer = null;
			}
			if (peer == null) {
				peer = new Peer(metadata);
				this.peers.put(key, peer);
			}
			if (peer.cut) {
				count(false);
				return false;
			}
			reason = check(peer, frame);
			if (reason < 0) {
				return true;
			}
			peer.cut = true;
			toCut = this.channels.get(key);
			if (toCut == null) {
				this.doomed.add(key);
			}
		}
		count(true);
		log(key, reason);
		if (toCut != null) {
			shut(toCut);
		}
		return false;
	}

	// under the lock: -1 to admit, else the index of the reason to refuse
	private int check(Peer peer, Msg frame) {
		int size = frame.size();
		if (size == 0 || frame.hasMore() || (frame.get(0) != 0 && frame.get(0) != 1)) {
			return 0;
		}
		byte[] bytes = new byte[size - 1];
		frame.getBytes(1, bytes, 0, bytes.length);
		ByteBuffer prefix = ByteBuffer.wrap(bytes);
		if (frame.get(0) == 0) {
			if (peer.prefixes.remove(prefix)) {
				forget(prefix);
			}
			return -1; // JeroMQ's removal only walks the trie as deep as it already is
		}
		if (bytes.length > this.limits.maxLength()) {
			return 1;
		}
		if (peer.prefixes.contains(prefix)) {
			return -1;
		}
		if (peer.prefixes.size() >= this.limits.maxPerConnection()) {
			return 2;
		}
		if (this.total >= this.limits.maxPerSocket()) {
			return 3;
		}
		int[] references = this.distinct.get(prefix);
		if (references == null) {
			if (this.distinctBytes + bytes.length > this.limits.maxBytes()) {
				return 4;
			}
			this.distinct.put(prefix, new int[] { 1 });
			this.distinctBytes += bytes.length;
		}
		else {
			references[0]++;
		}
		peer.prefixes.add(prefix);
		held(1);
		return -1;
	}

	// under the lock
	private void release(Peer peer) {
		if (peer != null) {
			peer.prefixes.forEach(this::forget);
			peer.prefixes.clear();
		}
	}

	// under the lock
	private void forget(ByteBuffer prefix) {
		held(-1);
		int[] references = this.distinct.get(prefix);
		if (references != null && --references[0] == 0) {
			this.distinct.remove(prefix);
			this.distinctBytes -= prefix.capacity();
		}
	}

	// under the lock
	private void held(int delta) {
		this.total += delta;
		LongAdder sink = this.heldSink;
		if (sink != null) {
			sink.add(delta);
		}
	}

	private void count(boolean cutting) {
		this.refused.increment();
		LongAdder sink = this.refusedSink;
		if (sink != null) {
			sink.increment();
		}
		if (cutting) {
			this.cut.increment();
			LongAdder cutTarget = this.cutSink;
			if (cutTarget != null) {
				cutTarget.increment();
			}
		}
	}

	private void log(String key, int reason) {
		long now = System.currentTimeMillis();
		synchronized (this) {
			if (now - this.lastLog < 60_000) {
				return;
			}
			this.lastLog = now;
		}
		logger.warn("Cut subscriber " + key + ": its frame " + REASONS[reason] + " (" + this.limits
				+ "); further cuts are counted (zmq.subscriptions.refused) and logged at most once a minute");
	}

	private static void shut(SocketChannel channel) {
		try {
			// JeroMQ's engine reads the end of the stream and closes the connection on its own thread
			channel.shutdownInput();
		}
		catch (IOException ex) {
			// already closed: nothing left to cut
		}
	}

	private static String key(Object channel) {
		if (!(channel instanceof SocketChannel socketChannel)) {
			return null;
		}
		try {
			// the socket adaptor keeps the remote address after the channel closed (a DISCONNECTED event)
			SocketAddress remote = socketChannel.socket().getRemoteSocketAddress();
			return (remote != null) ? new Address(remote).address() : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** What one connection subscribed and did not cancel. */
	private static final class Peer {

		private final Metadata metadata;

		private final Set<ByteBuffer> prefixes = new HashSet<>();

		private boolean cut;

		Peer(Metadata metadata) {
			this.metadata = metadata;
		}

	}

	/**
	 * An inbound frame of a guarded publisher. JeroMQ's engine stamps it with its connection's
	 * metadata once it is decoded, then asks whether it is a command: a refused frame says it is, and
	 * JeroMQ's session drops it.
	 */
	static final class Frame extends Msg {

		private final ZmqSubscriptionGuard guard;

		private boolean refused;

		Frame(int size, ZmqSubscriptionGuard guard) {
			super(size);
			this.guard = guard;
		}

		@Override
		public Msg setMetadata(Metadata metadata) {
			super.setMetadata(metadata);
			if (metadata != null && !this.guard.admit(this, metadata)) {
				this.refused = true;
			}
			return this;
		}

		@Override
		public boolean isCommand() {
			return this.refused || super.isCommand();
		}

	}

}
