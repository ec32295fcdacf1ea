package dev.zmqspring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The kind of every {@code zmq.brokers.<name>} entry, read before the entry itself: the keys of a
 * broker depend on its {@code type}, so each kind binds its own entry type
 * ({@link ZmqLoadBalancingBrokerEntry}, {@link ZmqParanoidPirateQueueEntry},
 * {@link ZmqMajordomoBrokerEntry}).
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

}
