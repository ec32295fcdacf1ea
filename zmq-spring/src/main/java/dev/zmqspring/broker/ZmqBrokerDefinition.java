package dev.zmqspring.broker;

import java.time.Duration;
import java.util.List;

import dev.zmqspring.support.ZmqEndpoint;

/**
 * What a {@link ZmqBroker} needs, parsed and validated from {@code zmq.brokers.<name>}.
 *
 * @param name the broker name
 * @param type load-balancing or paranoid-pirate
 * @param frontend the clients' endpoints (ROUTER)
 * @param backend the workers' endpoints (ROUTER)
 * @param heartbeatInterval heartbeat interval (paranoid-pirate)
 * @param heartbeatLiveness missed heartbeats after which a worker is dead (paranoid-pirate)
 * @param maxMessageSize largest message accepted from a client or worker, in bytes
 * @param source the property prefix, e.g. {@code zmq.brokers.orders}
 * @param peering the peer brokers (load-balancing, Guide ch.3 inter-broker routing), or
 * {@link ZmqBrokerPeering#NONE}
 */
public record ZmqBrokerDefinition(String name, ZmqBrokerType type, List<ZmqEndpoint> frontend,
		List<ZmqEndpoint> backend, Duration heartbeatInterval, int heartbeatLiveness, long maxMessageSize,
		String source, ZmqBrokerPeering peering) {

	/** The cap on message size when neither the broker nor {@code zmq.max-message-size} sets one: 1 MB. */
	public static final long DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

	/** A broker without peers. */
	public ZmqBrokerDefinition(String name, ZmqBrokerType type, List<ZmqEndpoint> frontend,
			List<ZmqEndpoint> backend, Duration heartbeatInterval, int heartbeatLiveness, long maxMessageSize,
			String source) {
		this(name, type, frontend, backend, heartbeatInterval, heartbeatLiveness, maxMessageSize, source,
				ZmqBrokerPeering.NONE);
	}

	public ZmqBrokerDefinition {
		if (peering == null) {
			peering = ZmqBrokerPeering.NONE;
		}
		frontend = List.copyOf(frontend);
		backend = List.copyOf(backend);
		if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
			throw new IllegalArgumentException(source + ".heartbeat-interval must be positive but was "
					+ heartbeatInterval);
		}
		if (heartbeatLiveness < 1) {
			throw new IllegalArgumentException(source + ".heartbeat-liveness must be at least 1 but was "
					+ heartbeatLiveness);
		}
	}

}
