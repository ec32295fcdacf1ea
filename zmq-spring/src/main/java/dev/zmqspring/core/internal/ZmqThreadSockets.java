package dev.zmqspring.core.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Sockets per calling thread, keyed by socket type and endpoint text, for thread-safe clients that
 * hand out blocking calls to any thread: the Lazy Pirate client of {@link ZmqTemplate} (Guide ch.4
 * "Client-Side Reliability") and the Majordomo client (ch.4 "Service-Oriented Reliable Queuing").
 *
 * <p>Guide ch.2 "Multithreading with ZeroMQ": a socket belongs to one thread. Each thread's sockets are
 * created, used and closed by that thread only; {@link #get} and {@link #put} act on the calling
 * thread's sockets. A lookup is a {@code ThreadLocal}, an {@code EnumMap} and a {@code HashMap} get,
 * with no allocation. The sockets of threads that have ended are closed when a new thread starts
 * using the sockets, and by {@link #close()}; {@link #release()} closes the calling thread's own.
 */
public final class ZmqThreadSockets {

	private final ZmqSocketFactory factory;

	private final ThreadLocal<PerThread> current = new ThreadLocal<>();

	private final Set<PerThread> all = ConcurrentHashMap.newKeySet();

	/**
	 * Creates an empty set of per-thread sockets.
	 * @param factory the factory that closes the sockets
	 */
	public ZmqThreadSockets(ZmqSocketFactory factory) {
		this.factory = factory;
	}

	/**
	 * The calling thread's socket of this type for this endpoint.
	 * @param type the socket type
	 * @param endpoint the endpoint text (or any key naming the peer)
	 * @return the entry, or {@code null} if the thread has none yet
	 */
	public Entry get(SocketType type, String endpoint) {
		PerThread sockets = perThread();
		// hot path: a thread usually talks to the same endpoint through the same String instance
		if (sockets.lastEndpoint == endpoint && sockets.lastType == type) {
			return sockets.lastEntry;
		}
		Map<String, Entry> byEndpoint = sockets.sockets.get(type);
		Entry entry = (byEndpoint != null) ? byEndpoint.get(endpoint) : null;
		if (entry != null) {
			sockets.remember(type, endpoint, entry);
		}
		return entry;
	}

	/**
	 * Remembers a socket the calling thread has just created.
	 * @param type the socket type
	 * @param endpoint the endpoint text (or any key naming the peer)
	 * @param socket the socket
	 * @return the new entry
	 */
	public Entry put(SocketType type, String endpoint, ZMQ.Socket socket) {
		Entry entry = new Entry(socket);
		PerThread sockets = perThread();
		sockets.sockets.computeIfAbsent(type, (key) -> new HashMap<>()).put(endpoint, entry);
		sockets.remember(type, endpoint, entry);
		return entry;
	}

	/**
	 * Forgets and closes (linger 0) the calling thread's socket of this type for this endpoint, such as
	 * a Lazy Pirate REQ stuck waiting for a reply. Safe on an interrupted thread (its flag is kept).
	 * @param type the socket type
	 * @param endpoint the endpoint text (or key)
	 */
	public void discard(SocketType type, String endpoint) {
		PerThread sockets = perThread();
		sockets.remember(null, null, null);
		Map<String, Entry> byEndpoint = sockets.sockets.get(type);
		Entry entry = (byEndpoint != null) ? byEndpoint.remove(endpoint) : null;
		if (entry == null) {
			return;
		}
		closeQuietly(this.factory, entry.socket, true);
	}

	/** Closes a socket; JeroMQ's pipes break on interrupt, so the caller's flag is cleared meanwhile. */
	private static void closeQuietly(ZmqSocketFactory factory, ZMQ.Socket socket, boolean dropPending) {
		boolean interrupted = Thread.interrupted();
		try {
			if (dropPending) {
				socket.setLinger(0);
			}
			factory.close(socket);
		}
		catch (RuntimeException ex) {
			// context already terminated
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Closes the sockets of the calling thread (for pooled threads that will not come back). */
	public void release() {
		PerThread sockets = this.current.get();
		if (sockets != null) {
			this.current.remove();
			this.all.remove(sockets);
			sockets.closeAll(this.factory);
		}
	}

	/** Closes the calling thread's sockets and those of threads that have ended (at shutdown). */
	public void close() {
		release();
		reapEndedThreads();
	}

	/**
	 * How many sockets are open over all threads (for tests and the actuator).
	 * @return the number of sockets
	 */
	public int count() {
		int count = 0;
		for (PerThread sockets : this.all) {
			count += sockets.size();
		}
		return count;
	}

	private PerThread perThread() {
		PerThread sockets = this.current.get();
		if (sockets == null) {
			reapEndedThreads();
			sockets = new PerThread();
			this.current.set(sockets);
			this.all.add(sockets);
		}
		return sockets;
	}

	private void reapEndedThreads() {
		for (PerThread sockets : this.all) {
			if (!sockets.owner.isAlive() && this.all.remove(sockets)) {
				sockets.closeAll(this.factory);
			}
		}
	}

	/** A thread's socket plus the receive timeout last set on it, to avoid redundant option calls. */
	public static final class Entry {

		private final ZMQ.Socket socket;

		private int receiveTimeout = Integer.MIN_VALUE;

		Entry(ZMQ.Socket socket) {
			this.socket = socket;
		}

		/**
		 * The socket (use it from the owning thread only).
		 * @return the socket
		 */
		public ZMQ.Socket socket() {
			return this.socket;
		}

		/**
		 * Sets the receive timeout unless it is already set to this value.
		 * @param millis the timeout in milliseconds
		 */
		public void receiveTimeout(int millis) {
			if (this.receiveTimeout != millis) {
				this.socket.setReceiveTimeOut(millis);
				this.receiveTimeout = millis;
			}
		}

	}

	/** The sockets of one thread. */
	private static final class PerThread {

		final Thread owner = Thread.currentThread();

		final Map<SocketType, Map<String, Entry>> sockets = new EnumMap<>(SocketType.class);

		// the entry used last, compared by reference: spares the two map lookups on a hot path
		SocketType lastType;

		String lastEndpoint;

		Entry lastEntry;

		void remember(SocketType type, String endpoint, Entry entry) {
			this.lastType = type;
			this.lastEndpoint = endpoint;
			this.lastEntry = entry;
		}

		int size() {
			int size = 0;
			for (Map<String, Entry> byEndpoint : this.sockets.values()) {
				size += byEndpoint.size();
			}
			return size;
		}

		/** Closes every socket; only the owner, or anyone once the owner has ended, may call this. */
		void closeAll(ZmqSocketFactory factory) {
			List<Entry> entries = new ArrayList<>();
			this.sockets.values().forEach((byEndpoint) -> entries.addAll(byEndpoint.values()));
			this.sockets.clear();
			remember(null, null, null);
			for (Entry entry : entries) {
				closeQuietly(factory, entry.socket, false);
			}
		}

	}

}
