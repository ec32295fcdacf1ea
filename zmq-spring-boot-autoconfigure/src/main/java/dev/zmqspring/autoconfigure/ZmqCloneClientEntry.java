package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.ResolvableType;

import dev.zmqspring.clone.CloneEndpoints;
import dev.zmqspring.clone.ZmqCloneMap;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * One Clone client map, {@code zmq.clone.clients.<name>} (Guide ch.5 "Reliable Pub-Sub (Clone
 * Pattern)"): the {@link ZmqCloneMap} bean {@code zmqCloneMap.<name>}, typed by its
 * {@code value-type}; it publishes its change and failover events to the application context.
 * @param name the entry name
 * @param servers the servers' endpoints, tried in order
 * @param keys what was bound
 * @param settings the global settings
 */
record ZmqCloneClientEntry(String name, List<CloneEndpoints> servers, Keys keys, ZmqEntrySettings settings)
		implements ZmqEntry<ZmqCloneMap<?>> {

	/** The prefix of the client entries. */
	static final String PREFIX = "zmq.clone.clients";

	ZmqCloneClientEntry {
		servers = List.copyOf(servers);
	}

	/**
	 * The keys of {@code zmq.clone.clients.<name>}, as bound.
	 * @param servers the servers' snapshot endpoints, tried in order (publisher + 1, collector + 2)
	 * @param subtree the key prefix replicated; empty for the whole map
	 * @param valueType the value type, read and written through the message converters
	 * @param serverTimeout how long the current server may be silent before failing over
	 * @param security the zmq.security.profiles entry of the map's sockets; empty: none
	 * @param autoStartup whether the map connects with the application
	 * @param health whether the map contributes to health
	 */
	record Keys(@Nullable List<String> servers, @Nullable String subtree,
			@DefaultValue("java.lang.String") Class<?> valueType, @DefaultValue("5s") Duration serverTimeout,
			@Nullable String security, @DefaultValue("true") boolean autoStartup,
			@DefaultValue("true") boolean health) {
	}

	/**
	 * Binds and checks every {@code zmq.clone.clients.<name>}.
	 * @param binder the binder
	 * @param settings the global settings
	 * @return the entries
	 */
	static List<ZmqCloneClientEntry> bind(Binder binder, ZmqEntrySettings settings) {
		List<ZmqCloneClientEntry> entries = new ArrayList<>();
		binder.bind(PREFIX, Bindable.mapOf(String.class, Keys.class))
			.orElse(Map.of())
			.forEach((name, keys) -> entries.add(of(name, keys, settings)));
		return entries;
	}

	/**
	 * Checks one entry and derives each server's endpoints by the port convention.
	 * @param name the entry name
	 * @param keys what was bound
	 * @param settings the global settings
	 * @return the entry
	 */
	static ZmqCloneClientEntry of(String name, Keys keys, ZmqEntrySettings settings) {
		String key = PREFIX + "." + name + ".servers";
		if (keys.servers() == null || keys.servers().isEmpty()) {
			throw ZmqPropertiesValidator.invalid(key, "",
					"a Clone map needs at least one server snapshot endpoint (two for a pair)");
		}
		List<CloneEndpoints> servers = new ArrayList<>();
		for (String server : keys.servers()) {
			servers.add(ZmqPropertiesValidator.cloneEndpoints(key, server));
		}
		return new ZmqCloneClientEntry(name, servers, keys, settings);
	}

	@Override
	public String beanName() {
		return "zmqCloneMap." + this.name;
	}

	@Override
	public ResolvableType beanType() {
		return ResolvableType.forClassWithGenerics(ZmqCloneMap.class, this.keys.valueType());
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public ZmqCloneMap<?> create(BeanRegistry.SupplierContext beans) {
		ZmqSocketFactory factory = ZmqAutoConfiguration.secured(beans.bean(ZmqSocketFactory.class),
				this.keys.security(), PREFIX + "." + this.name + ".security",
				beans.beanProvider(ZmqSecurityProfiles.class));
		ZmqCloneMap<?> map = new ZmqCloneMap(this.name, factory, this.servers,
				Objects.requireNonNullElse(this.keys.subtree(), ""), this.keys.valueType(),
				beans.bean(ZmqMessageConverters.class), this.keys.serverTimeout(), this.settings.shutdownTimeout(), null);
		map.setAutoStartup(this.keys.autoStartup());
		map.setHealthEnabled(this.keys.health());
		return map;
	}

}
