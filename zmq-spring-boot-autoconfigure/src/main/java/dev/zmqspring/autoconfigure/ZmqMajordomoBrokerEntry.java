package dev.zmqspring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;

import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.ResolvableType;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoBrokerCompanion;
import dev.zmqspring.majordomo.titanic.Titanic;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * One Majordomo broker, {@code zmq.brokers.<name>} with {@code type: majordomo} (Guide ch.4
 * "Service-Oriented Reliable Queuing", specs 7/MDP and 8/MMI, with Titanic 9/TSP when enabled): the
 * {@link MajordomoBroker} bean {@code majordomoBroker.<name>}.
 * @param name the entry name
 * @param endpoints the ROUTER endpoint(s) clients and workers share
 * @param heartbeatInterval heartbeat interval
 * @param heartbeatLiveness missed heartbeats after which a worker is dead
 * @param maxMessageSize largest message accepted, in bytes
 * @param titanicDirectory where Titanic stores requests, {@code null} without Titanic
 * @param keys what was bound
 * @param settings the global settings
 */
record ZmqMajordomoBrokerEntry(String name, List<ZmqEndpoint> endpoints, Duration heartbeatInterval,
		int heartbeatLiveness, long maxMessageSize, @Nullable Path titanicDirectory, Keys keys,
		ZmqEntrySettings settings) implements ZmqEntry<MajordomoBroker> {

	/** The prefix of the broker bean names. */
	static final String BEAN_PREFIX = "majordomoBroker.";

	ZmqMajordomoBrokerEntry {
		endpoints = List.copyOf(endpoints);
	}

	/**
	 * The keys of a majordomo {@code zmq.brokers.<name>}, as bound.
	 * @param endpoint the endpoint(s) clients and workers share, a list or comma-separated
	 * @param heartbeatInterval heartbeat interval; unset: the Guide's mdbroker, 2500ms
	 * @param heartbeatLiveness missed heartbeats after which a worker is considered dead (at least 1)
	 * @param maxMessageSize largest message accepted; unset: zmq.max-message-size if set, else 1MB
	 * @param autoStartup whether the broker starts with the application
	 * @param health whether the broker contributes to the 'zmq' health indicator
	 * @param binaryStar whether the zmq.binary-star pair gates this broker's clients
	 * @param security the zmq.security.profiles entry of the broker's socket; empty: none
	 * @param titanic Titanic (spec 9/TSP) on this broker
	 */
	record Keys(@Nullable List<String> endpoint, @Nullable Duration heartbeatInterval,
			@DefaultValue("3") int heartbeatLiveness, @Nullable DataSize maxMessageSize,
			@DefaultValue("true") boolean autoStartup, @DefaultValue("true") boolean health, boolean binaryStar,
			@Nullable String security, @DefaultValue TitanicKeys titanic) {
	}

	/**
	 * The keys of {@code zmq.brokers.<name>.titanic}.
	 * @param enabled whether the broker also runs the titanic.request/reply/close services
	 * @param directory where requests and replies are stored
	 * @param requestExpiry how long a request is kept after it was stored, unless its client closes it first
	 */
	record TitanicKeys(boolean enabled, @DefaultValue("titanic") String directory,
			@DefaultValue("24h") Duration requestExpiry) {
	}

	/**
	 * Checks one entry and parses it.
	 * @param name the entry name
	 * @param keys what was bound
	 * @param settings the global settings
	 * @return the entry
	 */
	static ZmqMajordomoBrokerEntry of(String name, Keys keys, ZmqEntrySettings settings) {
		String prefix = ZmqBrokerKinds.PREFIX + "." + name;
		Duration heartbeatInterval = ZmqPropertiesValidator.heartbeatInterval(prefix, keys.heartbeatInterval(),
				ZmqPropertiesValidator.MDBROKER_HEARTBEAT);
		int heartbeatLiveness = ZmqPropertiesValidator.atLeast(prefix + ".heartbeat-liveness", keys.heartbeatLiveness(), 1);
		long maxMessageSize = ZmqPropertiesValidator.brokerMaxMessageSize(prefix, keys.maxMessageSize(),
				settings.maxMessageSize());
		if (ZmqPropertiesValidator.isEmpty(keys.endpoint())) {
			throw ZmqPropertiesValidator.invalid(prefix + ".endpoint", null, "must be set for a majordomo broker "
					+ "(the one ROUTER clients and workers share, e.g. tcp://*:5555)");
		}
		List<ZmqEndpoint> endpoints = ZmqEndpoint.parseAll(ZmqPropertiesValidator.join(keys.endpoint()),
				SocketType.ROUTER, prefix + ".endpoint");
		Path titanic = null;
		if (keys.titanic().enabled()) {
			String directory = keys.titanic().directory();
			if (directory == null || directory.isBlank()) {
				throw ZmqPropertiesValidator.invalid(prefix + ".titanic.directory", directory,
						"must be set when " + prefix + ".titanic.enabled is true");
			}
			titanic = Path.of(directory);
			ZmqPropertiesValidator.positive(prefix + ".titanic.request-expiry", keys.titanic().requestExpiry());
		}
		if (keys.binaryStar()) {
			ZmqPropertiesValidator.requireBinaryStar(prefix, settings.binaryStarPair());
		}
		return new ZmqMajordomoBrokerEntry(name, endpoints, heartbeatInterval, heartbeatLiveness, maxMessageSize,
				titanic, keys, settings);
	}

	@Override
	public String beanName() {
		return BEAN_PREFIX + this.name;
	}

	@Override
	public ResolvableType beanType() {
		return ResolvableType.forClass(MajordomoBroker.class);
	}

	@Override
	public MajordomoBroker create(BeanRegistry.SupplierContext beans) {
		ZmqSocketFactory factory = ZmqAutoConfiguration.secured(beans.bean(ZmqSocketFactory.class), this.keys.security(),
				ZmqBrokerKinds.PREFIX + "." + this.name + ".security", beans.beanProvider(ZmqSecurityProfiles.class));
		Function<ZmqEndpoint, MajordomoBrokerCompanion> titanic = null;
		Path directory = this.titanicDirectory;
		if (directory != null) {
			Duration requestExpiry = this.keys.titanic().requestExpiry();
			titanic = (endpoint) -> new Titanic(this.name, factory, directory, List.of(endpoint), this.heartbeatInterval,
					this.heartbeatLiveness, requestExpiry);
		}
		MajordomoBroker broker = new MajordomoBroker(this.name, factory, this.endpoints, this.heartbeatInterval,
				this.heartbeatLiveness, this.maxMessageSize, this.settings.shutdownTimeout(), this.keys.autoStartup(),
				this.keys.health(), titanic);
		if (this.keys.binaryStar()) {
			broker.setGate(beans.bean(ZmqBinaryStarAutoConfiguration.GATE_BEAN, ZmqGate.class));
		}
		return broker;
	}

}
