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
 * peer's last announced idle-worker count and when it was heard. A peer silent for
 * {@link ZmqBrokerPeering#LIVENESS} state intervals is forgotten: no request goes to it until it
 * announces again. Used by the broker actor only; {@link #snapshot()} is safe from any thread.
 */
final class PeerBrokers {

	/** One peer's known state. */
	static final class Known {

		final String name;

		final byte[] identity;

		int capacity;

		long heardAt;

		boolean alive;

		Known(String name) {
			this.name = name;
			this.identity = name.getBytes(StandardCharsets.UTF_8);
		}

	}

	private final List<Known> peers = new ArrayList<>();

	private final long silence;

	private int next;

	private volatile Map<String, Integer> snapshot = Map.of();

	PeerBrokers(ZmqBrokerPeering peering) {
		for (ZmqBrokerPeering.Peer peer : peering.peers()) {
			this.peers.add(new Known(peer.name()));
		}
		this.silence = peering.stateInterval().toMillis() * ZmqBrokerPeering.LIVENESS;
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
	boolean heard(Known peer, int capacity, long now) {
		boolean changed = !peer.alive || peer.capacity != capacity;
		peer.alive = true;
		peer.capacity = capacity;
		peer.heardAt = now;
		if (changed) {
			publish();
		}
		return capacity > 0;
	}

	/** A live peer with capacity, taken in turn, or {@code null}. */
	Known withCapacity() {
		int size = this.peers.size();
		for (int i = 0; i < size; i++) {
			Known peer = this.peers.get((this.next + i) % size);
			if (peer.alive && peer.capacity > 0) {
				this.next = (this.next + i + 1) % size;
				return peer;
			}
		}
		return null;
	}

	/** A request went to the peer: one idle worker fewer until it says otherwise. */
	void used(Known peer) {
		peer.capacity--;
		publish();
	}

	/** The peer could not be reached on the cloud: no capacity until it announces again. */
	void unreachable(Known peer) {
		peer.capacity = 0;
		publish();
	}

	/** Forgets the peers silent for too long. */
	void expire(long now) {
		boolean changed = false;
		for (Known peer : this.peers) {
			if (peer.alive && now - peer.heardAt > this.silence) {
				peer.alive = false;
				peer.capacity = 0;
				changed = true;
			}
		}
		if (changed) {
			publish();
		}
	}

	/** The live peers and their last known capacity, by name. */
	Map<String, Integer> snapshot() {
		return this.snapshot;
	}

	private void publish() {
		Map<String, Integer> live = new LinkedHashMap<>();
		for (Known peer : this.peers) {
			if (peer.alive) {
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
