package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.broker.ZmqBrokerDefinition;
import dev.zmqspring.broker.ZmqBrokerPeering;
import dev.zmqspring.broker.ZmqBrokerType;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The kind of every {@code zmq.brokers.<name>} entry, read before the entry itself: the keys of a
 * broker depend on its {@code type}, so each kind binds its own entry type
 * ({@link ZmqLoadBalancingBrokerEntry}, {@link ZmqParanoidPirateQueueEntry},
 * {@link ZmqMajordomoBrokerEntry}); and the {@link ZmqBroker} the first two make alike.
 */
final class ZmqBrokerKinds {

	/** The prefix of the broker entries. */
	static final String PREFIX = "zmq.brokers";

	private ZmqBrokerKinds() {
	}

	/**
	 * The {@code type} of each broker, by name, in declaration order.
	 * @param binder the binder
	 * @return the types; {@code null} where {@code type} is missing
	 */
	static Map<String, ZmqProperties.@Nullable BrokerType> bind(Binder binder) {
		Map<String, ZmqProperties.@Nullable BrokerType> kinds = new LinkedHashMap<>();
		for (String name : binder.bind(PREFIX, Bindable.mapOf(String.class, Object.class)).orElse(Map.of()).keySet()) {
			kinds.put(name, binder.bind(PREFIX + "." + name + ".type", ZmqProperties.BrokerType.class).orElse(null));
		}
		return kinds;
	}

	/**
	 * Binds one broker's keys as its kind's entry type.
	 * @param <K> the keys type
	 * @param binder the binder
	 * @param name the broker name
	 * @param keys the keys type of its kind
	 * @return the bound keys
	 */
	static <K> K keys(Binder binder, String name, Class<K> keys) {
		return binder.bindOrCreate(PREFIX + "." + name, keys);
	}

	/**
	 * The {@link ZmqBroker} of a load-balancing broker or a Paranoid Pirate queue, its sockets secured
	 * and gated as its entry says.
	 * @param definition the checked definition
	 * @param security the zmq.security.profiles entry of its sockets
	 * @param autoStartup whether it starts with the application
	 * @param health whether it contributes to health
	 * @param binaryStar whether the pair gates its clients
	 * @param settings the global settings
	 * @param beans the beans it depends on
	 * @return the broker
	 */
	static ZmqBroker broker(ZmqBrokerDefinition definition, @Nullable String security, boolean autoStartup,
			boolean health, boolean binaryStar, ZmqEntrySettings settings, BeanRegistry.SupplierContext beans) {
		ZmqSocketFactory factory = ZmqAutoConfiguration.secured(beans.bean(ZmqSocketFactory.class), security,
				definition.source() + ".security", beans.beanProvider(ZmqSecurityProfiles.class));
		ZmqBroker broker = new ZmqBroker(definition, factory, settings.shutdownTimeout());
		if (binaryStar) {
			broker.setGate(beans.bean(ZmqBinaryStarAutoConfiguration.GATE_BEAN, ZmqGate.class));
		}
		broker.setAutoStartup(autoStartup);
		broker.setHealthEnabled(health);
		return broker;
	}


	/**
	 * Checks what a load-balancing broker and a Paranoid Pirate queue share, in the order they report
	 * it: the heartbeats, the cap and the two sides, which must differ.
	 * @param name the entry name
	 * @param type the broker's kind
	 * @param frontend the bound frontend
	 * @param backend the bound backend
	 * @param heartbeatInterval the bound heartbeat interval, or {@code null} for the Guide's default
	 * @param guideHeartbeat that default
	 * @param heartbeatLiveness the bound liveness
	 * @param maxMessageSize the bound cap
	 * @param settings the global settings
	 * @param peering makes the peering once the shared keys are checked
	 * @return the broker's definition
	 */
	static ZmqBrokerDefinition definition(String name, ZmqBrokerType type, @Nullable List<String> frontend,
			@Nullable List<String> backend, @Nullable Duration heartbeatInterval, Duration guideHeartbeat,
			int heartbeatLiveness, @Nullable DataSize maxMessageSize, ZmqEntrySettings settings,
			Function<String, ZmqBrokerPeering> peering) {
		String prefix = PREFIX + "." + name;
		Duration interval = ZmqPropertiesValidator.heartbeatInterval(prefix, heartbeatInterval, guideHeartbeat);
		int liveness = ZmqPropertiesValidator.atLeast(prefix + ".heartbeat-liveness", heartbeatLiveness, 1);
		long cap = ZmqPropertiesValidator.brokerMaxMessageSize(prefix, maxMessageSize, settings.maxMessageSize());
		List<ZmqEndpoint> front = ZmqPropertiesValidator.sideEndpoints(frontend, prefix + ".frontend");
		List<ZmqEndpoint> back = ZmqPropertiesValidator.sideEndpoints(backend, prefix + ".backend");
		ZmqPropertiesValidator.requireDistinct(front, back, prefix);
		return new ZmqBrokerDefinition(name, type, front, back, interval, liveness, cap, prefix,
				peering.apply(prefix));
	}

}
