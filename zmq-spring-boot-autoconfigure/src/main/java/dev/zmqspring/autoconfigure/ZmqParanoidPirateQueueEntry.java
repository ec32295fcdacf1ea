package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.broker.ZmqBrokerDefinition;
import dev.zmqspring.broker.ZmqBrokerPeering;
import dev.zmqspring.broker.ZmqBrokerType;

/**
 * One Paranoid Pirate queue, {@code zmq.brokers.<name>} with {@code type: paranoid-pirate} (Guide
 * ch.4 "Robust Reliable Queuing", spec 6/PPP): the {@link ZmqBroker} bean {@code zmqBroker.<name>}.
 * @param definition the queue's sockets, heartbeats and cap
 * @param keys what was bound
 * @param settings the global settings
 */
record ZmqParanoidPirateQueueEntry(ZmqBrokerDefinition definition, Keys keys, ZmqEntrySettings settings)
		implements ZmqBrokerEntry {

	/**
	 * The keys of a paranoid-pirate {@code zmq.brokers.<name>}, as bound.
	 * @param frontend clients' endpoint(s), a list or comma-separated; bound unless prefixed with '>'
	 * @param backend workers' endpoint(s), a list or comma-separated; bound unless prefixed with '>'
	 * @param heartbeatInterval heartbeat interval; unset: the Guide's ppqueue, 1s
	 * @param heartbeatLiveness missed heartbeats after which a worker is considered dead (at least 1)
	 * @param maxMessageSize largest message accepted; unset: zmq.max-message-size if set, else 1MB
	 * @param autoStartup whether the queue starts with the application
	 * @param health whether the queue contributes to the 'zmq' health indicator
	 * @param binaryStar whether the zmq.binary-star pair gates this queue's clients
	 * @param security the zmq.security.profiles entry of the queue's sockets; empty: none
	 * @param peers refused: only a load-balancing broker has peers
	 */
	record Keys(@Nullable List<String> frontend, @Nullable List<String> backend, @Nullable Duration heartbeatInterval,
			@DefaultValue("3") int heartbeatLiveness, @Nullable DataSize maxMessageSize,
			@DefaultValue("true") boolean autoStartup, @DefaultValue("true") boolean health, boolean binaryStar,
			@Nullable String security, @Nullable Map<String, ZmqLoadBalancingBrokerEntry.Peer> peers) {
	}

	/**
	 * Checks one entry and parses it.
	 * @param name the entry name
	 * @param keys what was bound
	 * @param settings the global settings
	 * @return the entry
	 */
	static ZmqParanoidPirateQueueEntry of(String name, Keys keys, ZmqEntrySettings settings) {
		ZmqBrokerDefinition definition = ZmqBrokerKinds.definition(name, ZmqBrokerType.PARANOID_PIRATE, keys.frontend(),
				keys.backend(), keys.heartbeatInterval(), ZmqPropertiesValidator.PPQUEUE_HEARTBEAT,
				keys.heartbeatLiveness(), keys.maxMessageSize(), settings, (prefix) -> {
					if (keys.peers() != null && !keys.peers().isEmpty()) {
						throw ZmqPropertiesValidator.invalid(prefix + ".peers", keys.peers().keySet(),
								"only a load-balancing broker has peers");
					}
					return ZmqBrokerPeering.NONE;
				});
		if (keys.binaryStar()) {
			ZmqPropertiesValidator.requireBinaryStar(definition.source(), settings.binaryStarPair());
		}
		return new ZmqParanoidPirateQueueEntry(definition, keys, settings);
	}

	@Override
	public ZmqBroker create(BeanRegistry.SupplierContext beans) {
		return ZmqBrokerKinds.broker(this.definition, this.keys.security(), this.keys.autoStartup(), this.keys.health(),
				this.keys.binaryStar(), this.settings, beans);
	}

}
