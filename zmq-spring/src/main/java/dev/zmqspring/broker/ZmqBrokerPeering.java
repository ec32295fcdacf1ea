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
 * the broker name as routing identity. A cloud request may come as {@code [peer][client...][""][body]}
 * (the Guide's C peering3) or {@code [peer][""][client...][""][body]} (its Python peering3); the
 * reply goes back in the form the peer used.
 *
 * <p>Liveness: a peer's announced count holds until it announces another (peering3 announces only
 * on change). A peer is dead when its cloud connection is: the cloud ROUTER connected to the peers
 * sends ZMTP heartbeats every state interval and drops a connection silent for {@value #LIVENESS}
 * intervals, and a request the connection refuses marks the peer unreachable.
 *
 * @param stateEndpoint where this broker publishes its capacity (PUB)
 * @param cloudEndpoint where peers send this broker requests (ROUTER)
 * @param stateInterval the longest time between two announcements of this broker, and the ZMTP
 * heartbeat interval of its cloud connections to the peers
 * @param peers the peer brokers
 */
public record ZmqBrokerPeering(List<ZmqEndpoint> stateEndpoint, List<ZmqEndpoint> cloudEndpoint,
		Duration stateInterval, List<Peer> peers) {

	/** State intervals without any traffic after which a cloud connection to a peer is dropped. */
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

	/** How often the cloud connections to the peers send a ZMTP heartbeat (PING). */
	public Duration cloudHeartbeatInterval() {
		return this.stateInterval;
	}

	/** How long a cloud connection to a peer may stay silent (no PONG, no traffic) before it is dropped. */
	public Duration cloudHeartbeatTimeout() {
		return this.stateInterval.multipliedBy(LIVENESS);
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
