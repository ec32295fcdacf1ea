package dev.zmqspring.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The failover policy of a Binary Star client (Guide ch.4 "High-Availability Pair", bstarcli) and of
 * Freelance model 1 (ch.4 "Brokerless Reliability", flclient1): every attempt goes to the current
 * server; a timeout moves on to the next one, and the server that answers stays current, so clients
 * keep using the peer that served them instead of flapping back. Thread-safe: threads that time out on
 * the same server at once move on by one server, not by one each.
 */
final class AlternatingFailover implements ZmqFailoverPolicy {

	private final String[] servers;

	private final AtomicInteger current = new AtomicInteger();

	AlternatingFailover(List<String> servers) {
		if (servers.isEmpty()) {
			throw new IllegalArgumentException("A failover policy needs at least one server");
		}
		this.servers = servers.toArray(new String[0]);
	}

	@Override
	public String server(int attempt) {
		return this.servers[this.current.get()];
	}

	@Override
	public void answered(String server) {
		int index = indexOf(server);
		if (index >= 0 && this.current.get() != index) {
			this.current.set(index);
		}
	}

	@Override
	public void timedOut(String server) {
		int index = indexOf(server);
		if (index >= 0) {
			this.current.compareAndSet(index, (index + 1) % this.servers.length);
		}
	}

	private int indexOf(String server) {
		for (int i = 0; i < this.servers.length; i++) {
			if (this.servers[i] == server || this.servers[i].equals(server)) {
				return i;
			}
		}
		return -1;
	}

	@Override
	public String toString() {
		return "AlternatingFailover" + List.of(this.servers) + "@" + this.servers[this.current.get()];
	}

}
