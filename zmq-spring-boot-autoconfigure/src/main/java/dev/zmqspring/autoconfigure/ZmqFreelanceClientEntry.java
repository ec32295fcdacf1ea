package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.ResolvableType;

import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.freelance.FreelanceStrategy;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * One Freelance client, {@code zmq.freelance.clients.<name>} (Guide ch.4 "Brokerless Reliability",
 * spec 10/FLP): the {@link FreelanceClient} bean {@code freelanceClient.<name>}, which the application
 * injects and calls.
 * @param name the entry name
 * @param keys what was bound
 */
record ZmqFreelanceClientEntry(String name, Keys keys) implements ZmqEntry<FreelanceClient> {

	/** The prefix of the client entries. */
	static final String PREFIX = "zmq.freelance.clients";

	/** The prefix of the client bean names. */
	static final String BEAN_PREFIX = "freelanceClient.";

	/**
	 * The keys of {@code zmq.freelance.clients.<name>}, as bound.
	 * @param servers the servers' endpoints, e.g. tcp://localhost:5555 (router: exactly each server's identity)
	 * @param strategy sequential (model 1), shotgun (model 2) or router (model 3)
	 * @param requestTimeout how long each attempt waits for its reply
	 * @param pingInterval how often a silent server is pinged (router)
	 * @param serverTtl how long a server counts as alive after it was last heard from (router)
	 * @param security the zmq.security.profiles entry of the client's sockets; empty: none
	 */
	record Keys(@DefaultValue List<String> servers, @DefaultValue("router") FreelanceStrategy strategy,
			@DefaultValue("1s") Duration requestTimeout, @DefaultValue("2s") Duration pingInterval,
			@DefaultValue("6s") Duration serverTtl, @Nullable String security) {
	}

	/**
	 * Binds every {@code zmq.freelance.clients.<name>}; each is checked when its client is created.
	 * @param binder the binder
	 * @return the entries
	 */
	static List<ZmqEntry<FreelanceClient>> bind(Binder binder) {
		List<ZmqEntry<FreelanceClient>> entries = new ArrayList<>();
		binder.bind(PREFIX, Bindable.mapOf(String.class, Keys.class))
			.orElse(Map.of())
			.forEach((name, keys) -> entries.add(new ZmqEntry.OnCreation<>(BEAN_PREFIX + name,
					ResolvableType.forClass(FreelanceClient.class), false, () -> of(name, keys))));
		return entries;
	}

	/**
	 * Checks one entry.
	 * @param name the entry name
	 * @param keys what was bound
	 * @return the entry
	 */
	static ZmqFreelanceClientEntry of(String name, Keys keys) {
		String key = PREFIX + "." + name;
		if (keys.strategy() != FreelanceStrategy.ROUTER && keys.servers().isEmpty()) {
			throw ZmqPropertiesValidator.invalid(key + ".servers", keys.servers(), "A "
					+ keys.strategy().name().toLowerCase(Locale.ROOT) + " Freelance client needs at least one server");
		}
		ZmqPropertiesValidator.positive(key + ".request-timeout", keys.requestTimeout());
		ZmqPropertiesValidator.positive(key + ".ping-interval", keys.pingInterval());
		ZmqPropertiesValidator.positive(key + ".server-ttl", keys.serverTtl());
		return new ZmqFreelanceClientEntry(name, keys);
	}

	@Override
	public String beanName() {
		return BEAN_PREFIX + this.name;
	}

	@Override
	public ResolvableType beanType() {
		return ResolvableType.forClass(FreelanceClient.class);
	}

	@Override
	public boolean infrastructure() {
		return false;
	}

	@Override
	public FreelanceClient create(BeanRegistry.SupplierContext beans) {
		String key = PREFIX + "." + this.name;
		ZmqSocketFactory sockets = ZmqAutoConfiguration.secured(beans.bean(ZmqSocketFactory.class),
				this.keys.security(), key + ".security", beans.beanProvider(ZmqSecurityProfiles.class));
		try {
			return new FreelanceClient(sockets, beans.bean(ZmqMessageConverters.class), this.name, this.keys.servers(),
					this.keys.strategy(), this.keys.requestTimeout(), this.keys.pingInterval(), this.keys.serverTtl());
		}
		catch (IllegalArgumentException ex) {
			throw ZmqPropertiesValidator.invalid(key + ".servers", this.keys.servers(), ex);
		}
	}

}
