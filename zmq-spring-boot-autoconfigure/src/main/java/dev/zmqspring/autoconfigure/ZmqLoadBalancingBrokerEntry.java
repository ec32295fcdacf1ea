package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
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
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqEndpoint;

/**
 * One load-balancing broker, {@code zmq.brokers.<name>} with {@code type: load-balancing} (Guide
 * ch.3 "A Load Balancing Message Broker", and its inter-broker routing with {@code peers}): the
 * {@link ZmqBroker} bean {@code zmqBroker.<name>}.
 * @param definition the broker's sockets, heartbeats, cap and peering
 * @param keys what was bound
 * @param settings the global settings
 */
record ZmqLoadBalancingBrokerEntry(ZmqBrokerDefinition definition, Keys keys, ZmqEntrySettings settings)
		implements ZmqBrokerEntry {

	/**
	 * The keys of a load-balancing {@code zmq.brokers.<name>}, as bound.
	 * @param frontend clients' endpoint(s), a list or comma-separated; bound unless prefixed with '>'
	 * @param backend workers' endpoint(s), a list or comma-separated; bound unless prefixed with '>'
	 * @param heartbeatInterval heartbeat interval; unset: 2500ms
	 * @param heartbeatLiveness missed heartbeats after which a peer is considered dead (at least 1)
	 * @param maxMessageSize largest message accepted; unset: zmq.max-message-size if set, else 1MB
	 * @param autoStartup whether the broker starts with the application
	 * @param health whether the broker contributes to the 'zmq' health indicator
	 * @param binaryStar whether the zmq.binary-star pair gates this broker's clients
	 * @param security the zmq.security.profiles entry of the broker's sockets; empty: none
	 * @param peerSecurity the zmq.security.profiles entry of the sockets to the peers; required with peers and security
	 * @param peers peer brokers by broker name
	 * @param stateEndpoint where this broker publishes its idle-worker count to its peers; needed with peers
	 * @param cloudEndpoint where peers send this broker requests; needed with peers
	 * @param stateInterval longest time between two state announcements
	 */
	record Keys(@Nullable List<String> frontend, @Nullable List<String> backend, @Nullable Duration heartbeatInterval,
			@DefaultValue("3") int heartbeatLiveness, @Nullable DataSize maxMessageSize,
			@DefaultValue("true") boolean autoStartup, @DefaultValue("true") boolean health, boolean binaryStar,
			@Nullable String security, @Nullable String peerSecurity, @Nullable Map<String, Peer> peers,
			@Nullable String stateEndpoint, @Nullable String cloudEndpoint, @DefaultValue("1s") Duration stateInterval) {

		boolean hasPeers() {
			return this.peers != null && !this.peers.isEmpty();
		}

	}

	/**
	 * One peer broker, {@code zmq.brokers.<name>.peers.<peer>}.
	 * @param state the peer's state-endpoint, subscribed to (connected unless '@')
	 * @param cloud the peer's cloud-endpoint, requests are sent to (connected unless '@')
	 */
	record Peer(@Nullable String state, @Nullable String cloud) {
	}

	/**
	 * Checks one entry and parses it.
	 * @param name the entry name
	 * @param keys what was bound
	 * @param settings the global settings
	 * @return the entry
	 */
	static ZmqLoadBalancingBrokerEntry of(String name, Keys keys, ZmqEntrySettings settings) {
		ZmqBrokerDefinition definition = ZmqBrokerKinds.definition(name, ZmqBrokerType.LOAD_BALANCING, keys.frontend(),
				keys.backend(), keys.heartbeatInterval(), ZmqPropertiesValidator.MDBROKER_HEARTBEAT,
				keys.heartbeatLiveness(), keys.maxMessageSize(), settings, (prefix) -> peering(name, prefix, keys));
		if (keys.binaryStar()) {
			ZmqPropertiesValidator.requireBinaryStar(definition.source(), settings.binaryStarPair());
		}
		return new ZmqLoadBalancingBrokerEntry(definition, keys, settings);
	}

	/**
	 * The peering keys (Guide ch.3 inter-broker routing): with peers, state-endpoint and
	 * cloud-endpoint are required, every peer needs its state and cloud endpoints, and a secured broker
	 * needs peer-security.
	 */
	private static ZmqBrokerPeering peering(String name, String prefix, Keys keys) {
		Duration interval = ZmqPropertiesValidator.positive(prefix + ".state-interval", keys.stateInterval());
		if (!keys.hasPeers()) {
			return ZmqBrokerPeering.NONE;
		}
		List<ZmqEndpoint> state = ZmqPropertiesValidator.sideEndpoints(
				ZmqPropertiesValidator.listOf(keys.stateEndpoint()), prefix + ".state-endpoint");
		List<ZmqEndpoint> cloud = ZmqPropertiesValidator.sideEndpoints(
				ZmqPropertiesValidator.listOf(keys.cloudEndpoint()), prefix + ".cloud-endpoint");
		List<ZmqBrokerPeering.Peer> peers = new ArrayList<>();
		for (Map.Entry<String, Peer> entry : keys.peers().entrySet()) {
			String key = prefix + ".peers." + entry.getKey();
			if (entry.getKey().equals(name)) {
				throw ZmqPropertiesValidator.invalid(key, entry.getKey(), "a broker is not its own peer");
			}
			Peer peer = entry.getValue();
			peers.add(new ZmqBrokerPeering.Peer(entry.getKey(),
					ZmqPropertiesValidator.peerEndpoint(peer.state(), key + ".state"),
					ZmqPropertiesValidator.peerEndpoint(peer.cloud(), key + ".cloud")));
		}
		ZmqPropertiesValidator.requirePeerSecurity(keys.security(), keys.peerSecurity(), prefix + ".security",
				prefix + ".peer-security");
		return new ZmqBrokerPeering(state, cloud, interval, peers);
	}

	@Override
	public ZmqBroker create(BeanRegistry.SupplierContext beans) {
		String prefix = this.definition.source();
		ZmqBroker broker = ZmqBrokerKinds.broker(this.definition, this.keys.security(), this.keys.autoStartup(),
				this.keys.health(), this.keys.binaryStar(), this.settings, beans);
		if (this.keys.hasPeers() && this.keys.peerSecurity() != null && !this.keys.peerSecurity().isBlank()) {
			broker.setPeerSecurity(ZmqPropertiesValidator.profile(this.keys.peerSecurity(), prefix + ".peer-security",
					beans.beanProvider(ZmqSecurityProfiles.class)));
		}
		return broker;
	}

}
