package dev.zmqspring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.ResolvableType;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.clone.CloneEndpoints;
import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.clone.CloneServerConfig;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * One Clone server, {@code zmq.clone.servers.<name>} (Guide ch.5 "Reliable Pub-Sub (Clone
 * Pattern)", and one half of a Binary Star pair with {@code binary-star: true}): the
 * {@link CloneServer} bean {@code zmqCloneServer.<name>}.
 * @param name the entry name
 * @param config the server's endpoints, heartbeat, cap, storage and peer
 * @param keys what was bound
 * @param settings the global settings
 */
record ZmqCloneServerEntry(String name, CloneServerConfig config, Keys keys, ZmqEntrySettings settings)
		implements ZmqEntry<CloneServer> {

	/** The prefix of the server entries. */
	static final String PREFIX = "zmq.clone.servers";

	/**
	 * The keys of {@code zmq.clone.servers.<name>}, as bound.
	 * @param bind where the snapshot ROUTER binds, e.g. tcp://*:5556
	 * @param publisher where the update PUB binds; by default the bind port + 1
	 * @param collector where the collector SUB binds; by default the bind port + 2
	 * @param heartbeat how often HUGZ is published and TTLs are checked
	 * @param maxMessageSize the largest inbound message of the snapshot and collector sockets
	 * @param binaryStar whether this server is one half of the application's Binary Star pair
	 * @param peer the pair peer's snapshot endpoint, e.g. tcp://other:5556
	 * @param peerPublisher the pair peer's publisher endpoint; by default the peer port + 1
	 * @param directory a directory to persist the map in; memory only when unset
	 * @param security the zmq.security.profiles entry of the bound sockets; empty: none
	 * @param peerSecurity the zmq.security.profiles entry of the sockets to the pair peer; required when security is set
	 * @param autoStartup whether the server starts with the application
	 * @param health whether the server contributes to health
	 */
	record Keys(@Nullable String bind, @Nullable String publisher, @Nullable String collector,
			@DefaultValue("1s") Duration heartbeat, @DefaultValue("1MB") DataSize maxMessageSize, boolean binaryStar,
			@Nullable String peer, @Nullable String peerPublisher, @Nullable Path directory, @Nullable String security,
			@Nullable String peerSecurity, @DefaultValue("true") boolean autoStartup,
			@DefaultValue("true") boolean health) {
	}

	/**
	 * Binds and checks every {@code zmq.clone.servers.<name>}.
	 * @param binder the binder
	 * @param settings the global settings
	 * @return the entries
	 */
	static List<ZmqCloneServerEntry> bind(Binder binder, ZmqEntrySettings settings) {
		List<ZmqCloneServerEntry> entries = new ArrayList<>();
		binder.bind(PREFIX, Bindable.mapOf(String.class, Keys.class))
			.orElse(Map.of())
			.forEach((name, keys) -> entries.add(of(name, keys, settings)));
		return entries;
	}

	/**
	 * Checks one entry and derives the endpoints left unset by the port convention.
	 * @param name the entry name
	 * @param keys what was bound
	 * @param settings the global settings
	 * @return the entry
	 */
	static ZmqCloneServerEntry of(String name, Keys keys, ZmqEntrySettings settings) {
		String prefix = PREFIX + "." + name;
		String bind = keys.bind();
		if (bind == null || bind.isBlank()) {
			throw ZmqPropertiesValidator.invalid(prefix + ".bind", bind,
					"a Clone server needs the endpoint of its snapshot socket, e.g. tcp://*:5556");
		}
		String publisher = keys.publisher();
		String collector = keys.collector();
		if (publisher == null || collector == null) {
			CloneEndpoints derived = ZmqPropertiesValidator.cloneEndpoints(prefix + ".bind", bind);
			publisher = (publisher != null) ? publisher : derived.publisher();
			collector = (collector != null) ? collector : derived.collector();
		}
		ZmqPropertiesValidator.positive(prefix + ".heartbeat", keys.heartbeat());
		CloneServerConfig config = new CloneServerConfig(bind, publisher, collector, keys.heartbeat(),
				keys.maxMessageSize().toBytes(), null, null, keys.directory());
		if (!keys.binaryStar()) {
			return new ZmqCloneServerEntry(name, config, keys, settings);
		}
		ZmqPropertiesValidator.requireBinaryStar(prefix, settings.binaryStarPair());
		String peer = keys.peer();
		if (peer == null || peer.isBlank()) {
			throw ZmqPropertiesValidator.invalid(prefix + ".peer", peer,
					"a Clone server in a Binary Star pair needs its peer's snapshot endpoint");
		}
		String peerPublisher = (keys.peerPublisher() != null) ? keys.peerPublisher()
				: ZmqPropertiesValidator.cloneEndpoints(prefix + ".peer", peer).publisher();
		ZmqPropertiesValidator.requirePeerSecurity(keys.security(), keys.peerSecurity(), prefix + ".security",
				prefix + ".peer-security");
		return new ZmqCloneServerEntry(name, config.withPeer(peer, peerPublisher), keys, settings);
	}

	@Override
	public String beanName() {
		return "zmqCloneServer." + this.name;
	}

	@Override
	public ResolvableType beanType() {
		return ResolvableType.forClass(CloneServer.class);
	}

	@Override
	public CloneServer create(BeanRegistry.SupplierContext beans) {
		String prefix = PREFIX + "." + this.name;
		ObjectProvider<ZmqSecurityProfiles> profiles = beans.beanProvider(ZmqSecurityProfiles.class);
		boolean paired = this.keys.binaryStar();
		ZmqSecurity peerSecurity = paired ? ZmqAutoConfiguration.peerProfile(this.keys.security(), this.keys.peerSecurity(),
				prefix + ".security", prefix + ".peer-security", profiles) : null;
		CloneServer server = new CloneServer(this.name,
				ZmqAutoConfiguration.secured(beans.bean(ZmqSocketFactory.class), this.keys.security(),
						prefix + ".security", profiles),
				this.config, paired ? beans.bean(BinaryStar.class) : null, this.settings.shutdownTimeout());
		if (peerSecurity != null) {
			server.setPeerSecurity(peerSecurity);
		}
		server.setAutoStartup(this.keys.autoStartup());
		server.setHealthEnabled(this.keys.health());
		return server;
	}

}
