package dev.zmqspring.autoconfigure;

import java.util.List;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.broker.ZmqBrokerDefinition;
import dev.zmqspring.broker.ZmqBrokerType;
import dev.zmqspring.support.ZmqEndpoint;

/**
 * Registers one {@link ZmqBroker} bean, named {@code zmqBroker.<name>}, per
 * {@code zmq.brokers.<name>} entry of type {@code load-balancing} or {@code paranoid-pirate}
 * (Majordomo brokers are registered by the Majordomo auto-configuration), after checking the entry.
 */
final class ZmqBrokerRegistrar extends ZmqIntermediaryRegistrar<ZmqProperties.Broker> {

	@Override
	Map<String, ZmqProperties.Broker> entries(Environment environment) {
		return ZmqIntermediaries.brokers(environment);
	}

	@Override
	Registration registration(String name, ZmqProperties.Broker properties, Settings settings) {
		ZmqIntermediaries.require(properties.getType(), "zmq.brokers." + name + ".type",
				"load-balancing, paranoid-pirate or majordomo");
		if (properties.getType() == ZmqProperties.BrokerType.MAJORDOMO) {
			return null;
		}
		return new Registration("zmqBroker." + name, ZmqBroker.class,
				Map.of(0, definition(name, properties, settings.maxMessageSize()), 2, settings.shutdownTimeout()),
				properties.isAutoStartup(), properties.isHealth());
	}

	static ZmqBrokerDefinition definition(String name, ZmqProperties.Broker properties, DataSize globalCap) {
		String prefix = "zmq.brokers." + name;
		ZmqBrokerType type = ZmqBrokerType.valueOf(properties.getType().name());
		List<ZmqEndpoint> frontend = ZmqIntermediaries.endpoints(properties.getFrontend(), prefix + ".frontend");
		List<ZmqEndpoint> backend = ZmqIntermediaries.endpoints(properties.getBackend(), prefix + ".backend");
		ZmqIntermediaries.requireDistinct(frontend, backend, prefix);
		if (properties.getHeartbeatInterval() == null || properties.getHeartbeatInterval().isNegative()
				|| properties.getHeartbeatInterval().isZero()) {
			throw new IllegalStateException(prefix + ".heartbeat-interval must be positive but was "
					+ properties.getHeartbeatInterval());
		}
		if (properties.getHeartbeatLiveness() < 1) {
			throw new IllegalStateException(prefix + ".heartbeat-liveness must be at least 1 but was "
					+ properties.getHeartbeatLiveness());
		}
		long cap = maxMessageSize(properties.getMaxMessageSize(), globalCap, prefix);
		return new ZmqBrokerDefinition(name, type, frontend, backend, properties.getHeartbeatInterval(),
				properties.getHeartbeatLiveness(), cap, prefix);
	}

	/** The broker's cap, else {@code zmq.max-message-size} if set, else 1 MB. */
	static long maxMessageSize(DataSize own, DataSize global, String prefix) {
		if (own != null) {
			if (own.toBytes() < 1) {
				throw new IllegalStateException(prefix + ".max-message-size must be positive but was " + own);
			}
			return own.toBytes();
		}
		if (global != null && global.toBytes() >= 0) {
			return global.toBytes();
		}
		return ZmqBrokerDefinition.DEFAULT_MAX_MESSAGE_SIZE;
	}

}
