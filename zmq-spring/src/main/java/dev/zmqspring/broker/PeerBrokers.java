package dev.zmqspring.broker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a peering broker knows about its peers (Guide ch.3 peering3: the "cloud capacity"): each
 * peer's last announced idle-worker count, kept until the peer announces another (peering3 announces
 * only when its count changes, so silence says nothing), and whether its cloud connection took the
 * last request. Death is told by the cloud connection, not by silence: a send refused by
 * {@code ROUTER_MANDATORY} (connection closed, or dropped by the ZMTP heartbeat of
 * {@link ZmqBrokerPeering#cloudHeartbeatTimeout()}) marks the peer unreachable until it announces or a
 * later send gets through. Used by the broker actor only; {@link #snapshot()} is safe from any thread.
 */
final class PeerBrokers {

	/** One peer's known state. */
	static final class Known {

		final String name;

		final byte[] identity;

		int capacity;

		/** Announced at least once. */
		boolean heard;

		/** Its cloud connection took the last request (or it announced since one was refused). */
		boolean reachable;

		/**
		 * Whether its last cloud request had an empty frame after its name (the Guide's Python
		 * peering3, {@code [peer][""][client...][""][body]}); replies go back in the same form.
		 */
		boolean delimited;

		Known(String name) {
			this.name = name;
			this.identity = name.getBytes(StandardCharsets.UTF_8);
		}

	}

	private final List<Known> peers = new ArrayList<>();

	private int next;

	private volatile Map<String, Integer> snapshot = Map.of();

	PeerBrokers(ZmqBrokerPeering peering) {
		for (ZmqBrokerPeering.Peer peer : peering.peers()) {
			this.peers.add(new Known(peer.name()));
		}
	}

	/** The peer with this routing identity, or {@code null}. */
	Known find(byte[] identity) {
		for (Known peer : this.peers) {
			if (Arrays.equals(peer.identity, identity)) {
				return peer;
			}
		}
		return null;
	}

	/**
	 * Records an announcement.
	 * @return whether the peer now has capacity
	 */
	boolean heard(Known peer, int capacity) {
		boolean changed = !peer.heard || !peer.reachable || peer.capacity != capacity;
		peer.heard = true;
		peer.reachable = true;
		peer.capacity = capacity;
		if (changed) {
			publish();
		}
		return capacity > 0;
	}

	/** The number of configured peers: the most {@link #withCapacity()} calls one request needs. */
	int size() {
		return this.peers.size();
	}

	/**
	 * A peer with capacity, taken in turn, or {@code null}. An unreachable one is offered too: the
	 * send tells whether its connection is back.
	 */
	Known withCapacity() {
		int size = this.peers.size();
		for (int i = 0; i < size; i++) {
			Known peer = this.peers.get((this.next + i) % size);
			if (peer.heard && peer.capacity > 0) {
				this.next = (this.next + i + 1) % size;
				return peer;
			}
		}
		return null;
	}

	/** A request went to the peer: one idle worker fewer until it says otherwise. */
	void used(Known peer) {
		peer.capacity--;
		peer.reachable = true;
		publish();
	}

	/**
	 * The peer's cloud connection refused a request (closed, or dropped by the heartbeat): it is
	 * left out of {@link #snapshot()} and keeps its last count, so a connection that comes back
	 * serves again without waiting for a change of count.
	 */
	void unreachable(Known peer) {
		if (peer.reachable) {
			peer.reachable = false;
			publish();
		}
	}

	/** The reachable peers that announced, and their last known capacity, by name. */
	Map<String, Integer> snapshot() {
		return this.snapshot;
	}

	private void publish() {
		Map<String, Integer> live = new LinkedHashMap<>();
		for (Known peer : this.peers) {
			if (peer.heard && peer.reachable) {
				live.put(peer.name, peer.capacity);
			}
		}
		this.snapshot = Collections.unmodifiableMap(live);
	}

	/**
	 * Parses an announced count: 1 to 9 ASCII digits.
	 * @return the count, or -1 if the frame is not one
	 */
	static int parseCapacity(byte[] frame) {
		if (frame.length == 0 || frame.length > 9) {
			return -1;
		}
		int value = 0;
		for (byte b : frame) {
			if (b < '0' || b > '9') {
				return -1;
			}
			value = value * 10 + (b - '0');
		}
		return value;
	}

}
