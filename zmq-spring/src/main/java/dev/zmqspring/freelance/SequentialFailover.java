package dev.zmqspring.freelance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.core.ZmqFailoverPolicy;

/**
 * Freelance model 1 (Guide ch.4 "Model One: Simple Retry and Failover", flclient1) as a failover
 * policy of the request-reply engine: every attempt goes to the current server, a timeout moves on to
 * the next, the server that answered stays current. Servers can be added and removed at runtime.
 * Thread-safe; it also remembers when each server last answered, for health.
 */
final class SequentialFailover implements ZmqFailoverPolicy {

	private final CopyOnWriteArrayList<String> servers = new CopyOnWriteArrayList<>();

	private final ConcurrentHashMap<String, long[]> heard = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Boolean> alive = new ConcurrentHashMap<>();

	private final AtomicInteger current = new AtomicInteger();

	SequentialFailover(List<String> servers) {
		servers.forEach(this::add);
	}

	void add(String server) {
		if (this.servers.addIfAbsent(server)) {
			this.heard.put(server, new long[1]);
			this.alive.put(server, Boolean.TRUE);
		}
	}

	void remove(String server) {
		this.servers.remove(server);
		this.heard.remove(server);
		this.alive.remove(server);
	}

	int size() {
		return this.servers.size();
	}

	@Override
	public String server(int attempt) {
		List<String> now = this.servers;
		int size = now.size();
		if (size == 0) {
			throw new IllegalStateException("The Freelance client has no server; connect(endpoint) one first");
		}
		return now.get(Math.floorMod(this.current.get(), size));
	}

	@Override
	public void answered(String server) {
		long[] at = this.heard.get(server);
		if (at != null) {
			at[0] = System.currentTimeMillis();
			this.alive.put(server, Boolean.TRUE);
		}
		int index = this.servers.indexOf(server);
		if (index >= 0 && this.current.get() != index) {
			this.current.set(index);
		}
	}

	@Override
	public void timedOut(String server) {
		if (this.alive.containsKey(server)) {
			this.alive.put(server, Boolean.FALSE);
		}
		int index = this.servers.indexOf(server);
		if (index >= 0) {
			this.current.compareAndSet(index, index + 1 >= this.servers.size() ? 0 : index + 1);
		}
	}

	List<FreelanceServerStatus> status() {
		List<FreelanceServerStatus> status = new ArrayList<>();
		for (String server : this.servers) {
			long[] at = this.heard.get(server);
			status.add(new FreelanceServerStatus(server, Boolean.TRUE.equals(this.alive.get(server)),
					(at != null) ? at[0] : 0));
		}
		return status;
	}

}
