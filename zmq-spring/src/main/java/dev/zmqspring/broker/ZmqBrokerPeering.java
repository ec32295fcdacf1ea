package dev.zmqspring.broker;

import java.time.Duration;
import java.util.List;

import dev.zmqspring.support.ZmqEndpoint;

/**
 * How a load-balancing broker federates with other brokers (Guide ch.3 "Worked Example:
 * Inter-Broker Routing", peering1-3), parsed from {@code zmq.brokers.<name>.peers},
 * {@code state-endpoint}, {@code cloud-endpoint} and {@code state-interval}.
 *
 * <p>State flow: a PUB on {@link #stateEndpoint} announces {@code [broker name][idle workers]}
 * (decimal text) when the count changes and at least every {@link #stateInterval}; a SUB reads
 * every peer's announcements. Cloud flow: a ROUTER on {@link #cloudEndpoint} takes requests from
 * peers, a second ROUTER connected to every peer's cloud endpoint sends them requests; both carry
 * the broker name as routing identity.
 *
 * @param stateEndpoint where this broker publishes its capacity (PUB)
 * @param cloudEndpoint where peers send this broker requests (ROUTER)
 * @param stateInterval the longest time between two announcements; a peer silent for
 * {@value #LIVENESS} intervals is forgotten
 * @param peers the peer brokers
 */
public record ZmqBrokerPeering(List<ZmqEndpoint> stateEndpoint, List<ZmqEndpoint> cloudEndpoint,
		Duration stateInterval, List<Peer> peers) {

	/** State intervals of silence after which a peer is forgotten. */
	public static final int LIVENESS = 3;

	/** No peering: a broker on its own. */
	public static final ZmqBrokerPeering NONE = new ZmqBrokerPeering(List.of(), List.of(), Duration.ofSeconds(1),
			List.of());

	public ZmqBrokerPeering {
		stateEndpoint = List.copyOf(stateEndpoint);
		cloudEndpoint = List.copyOf(cloudEndpoint);
		peers = List.copyOf(peers);
		if (stateInterval == null || stateInterval.isNegative() || stateInterval.isZero()) {
			throw new IllegalArgumentException("state-interval must be positive but was " + stateInterval);
		}
	}

	/** Whether this broker has peers. */
	public boolean enabled() {
		return !this.peers.isEmpty();
	}

	/**
	 * One peer broker, {@code zmq.brokers.<name>.peers.<peer>}.
	 * @param name the peer's broker name, its routing identity on the cloud
	 * @param state the peer's state PUB, to subscribe to
	 * @param cloud the peer's cloud ROUTER, to send requests to
	 */
	public record Peer(String name, List<ZmqEndpoint> state, List<ZmqEndpoint> cloud) {

		public Peer {
			state = List.copyOf(state);
			cloud = List.copyOf(cloud);
		}

	}

}
