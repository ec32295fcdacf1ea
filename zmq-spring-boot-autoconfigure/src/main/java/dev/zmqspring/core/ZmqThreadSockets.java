package dev.zmqspring.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The sockets one thread uses through the template, keyed by socket type and endpoint text. Created,
 * used and closed by its owner thread only (Guide ch.2: one socket, one thread); the template closes
 * the sockets of threads that have ended.
 */
final class ThreadSocketCache {

	/** A cached socket plus the receive timeout last set on it, to avoid redundant option calls. */
	static final class Entry {

		final ZMQ.Socket socket;

		int receiveTimeout = Integer.MIN_VALUE;

		Entry(ZMQ.Socket socket) {
			this.socket = socket;
		}

		void receiveTimeout(int millis) {
			if (this.receiveTimeout != millis) {
				this.socket.setReceiveTimeOut(millis);
				this.receiveTimeout = millis;
			}
		}

	}

	private final Thread owner = Thread.currentThread();

	private final Map<SocketType, Map<String, Entry>> sockets = new EnumMap<>(SocketType.class);

	Entry get(SocketType type, String endpoint) {
		Map<String, Entry> byEndpoint = this.sockets.get(type);
		return (byEndpoint != null) ? byEndpoint.get(endpoint) : null;
	}

	Entry put(SocketType type, String endpoint, ZMQ.Socket socket) {
		Entry entry = new Entry(socket);
		this.sockets.computeIfAbsent(type, (key) -> new HashMap<>()).put(endpoint, entry);
		return entry;
	}

	void remove(SocketType type, String endpoint) {
		Map<String, Entry> byEndpoint = this.sockets.get(type);
		if (byEndpoint != null) {
			byEndpoint.remove(endpoint);
		}
	}

	boolean isOwnerAlive() {
		return this.owner.isAlive();
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
		for (Entry entry : entries) {
			try {
				factory.close(entry.socket);
			}
			catch (RuntimeException ex) {
				// context already terminated
			}
		}
	}

}
