package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;

import org.springframework.beans.factory.BeanRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.ResolvableType;

import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyDefinition;
import dev.zmqspring.proxy.ZmqProxyType;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * One proxy, {@code zmq.proxies.<name>} (Guide ch.2 "Intermediaries and Proxies", ch.5 "Last Value
 * Caching"): the {@link ZmqProxy} bean {@code zmqProxy.<name>}, checked when made: type given,
 * frontend and backend given, parseable and distinct, binary-star on queue proxies only.
 * @param definition the proxy's sockets
 * @param keys what was bound
 * @param settings the global settings
 */
record ZmqProxyEntry(ZmqProxyDefinition definition, Keys keys, ZmqEntrySettings settings) implements ZmqEntry<ZmqProxy> {

	/**
	 * The keys of {@code zmq.proxies.<name>}, as bound.
	 * @param type proxy kind: forwarder (XSUB/XPUB), queue (ROUTER/DEALER), streamer (PULL/PUSH) or
	 * last-value-cache (XSUB/XPUB answering each subscription with its topics' last message)
	 * @param frontend frontend endpoint(s), a list or comma-separated; bound unless prefixed with '>'
	 * @param backend backend endpoint(s), a list or comma-separated; bound unless prefixed with '>'
	 * @param capture optional capture endpoint(s): every message is also sent here (a PUB, bound unless '>')
	 * @param autoStartup whether the proxy starts with the application
	 * @param health whether the proxy contributes to the 'zmq' health indicator
	 * @param binaryStar whether the zmq.binary-star pair gates this proxy's frontend (queue proxies only)
	 * @param maxTopics how many topics a last-value-cache proxy keeps
	 * @param frontendSecurity the zmq.security.profiles entry of the frontend socket; empty: none
	 * @param backendSecurity the zmq.security.profiles entry of the backend socket; empty: none
	 */
	record Keys(ZmqProperties.@Nullable ProxyType type, @Nullable List<String> frontend,
			@Nullable List<String> backend, @Nullable List<String> capture, @DefaultValue("true") boolean autoStartup,
			@DefaultValue("true") boolean health, boolean binaryStar, @DefaultValue("10000") int maxTopics,
			@Nullable String frontendSecurity, @Nullable String backendSecurity) {
	}

	/**
	 * Binds and checks every {@code zmq.proxies.<name>}.
	 * @param binder the binder
	 * @param settings the global settings
	 * @return the entries
	 */
	static List<ZmqProxyEntry> bind(Binder binder, ZmqEntrySettings settings) {
		List<ZmqProxyEntry> entries = new ArrayList<>();
		binder.bind("zmq.proxies", Bindable.mapOf(String.class, Keys.class))
			.orElse(Map.of())
			.forEach((name, keys) -> entries.add(of(name, keys, settings)));
		return entries;
	}

	/**
	 * Checks one entry and parses its endpoints.
	 * @param name the entry name
	 * @param keys what was bound
	 * @param settings the global settings
	 * @return the entry
	 */
	static ZmqProxyEntry of(String name, Keys keys, ZmqEntrySettings settings) {
		String prefix = "zmq.proxies." + name;
		ZmqPropertiesValidator.require(prefix + ".type", keys.type(), "forwarder, queue, streamer or last-value-cache");
		ZmqPropertiesValidator.atLeast(prefix + ".max-topics", keys.maxTopics(), 1);
		List<ZmqEndpoint> frontend = ZmqPropertiesValidator.sideEndpoints(keys.frontend(), prefix + ".frontend");
		List<ZmqEndpoint> backend = ZmqPropertiesValidator.sideEndpoints(keys.backend(), prefix + ".backend");
		ZmqPropertiesValidator.requireDistinct(frontend, backend, prefix);
		List<ZmqEndpoint> capture = ZmqPropertiesValidator.isEmpty(keys.capture()) ? List.of()
				: ZmqEndpoint.parseAll(ZmqPropertiesValidator.join(keys.capture()), SocketType.PUB, prefix + ".capture");
		if (keys.binaryStar()) {
			if (keys.type() != ZmqProperties.ProxyType.QUEUE) {
				throw ZmqPropertiesValidator.invalid(prefix + ".binary-star", true, "gates queue proxies only "
						+ "(request-reply); this one is a " + keys.type().name().toLowerCase(Locale.ROOT));
			}
			ZmqPropertiesValidator.requireBinaryStar(prefix, settings.binaryStarPair());
		}
		return new ZmqProxyEntry(new ZmqProxyDefinition(name, ZmqProxyType.valueOf(keys.type().name()), frontend,
				backend, capture, prefix, keys.maxTopics()), keys, settings);
	}

	@Override
	public String beanName() {
		return "zmqProxy." + this.definition.name();
	}

	@Override
	public ResolvableType beanType() {
		return ResolvableType.forClass(ZmqProxy.class);
	}

	@Override
	public ZmqProxy create(BeanRegistry.SupplierContext beans) {
		String prefix = this.definition.source();
		ObjectProvider<ZmqSecurityProfiles> profiles = beans.beanProvider(ZmqSecurityProfiles.class);
		ZmqProxy proxy = new ZmqProxy(this.definition, beans.bean(ZmqSocketFactory.class), this.settings.shutdownTimeout());
		if (hasText(this.keys.frontendSecurity())) {
			proxy.setFrontendSecurity(
					ZmqPropertiesValidator.profile(this.keys.frontendSecurity(), prefix + ".frontend-security", profiles));
		}
		if (hasText(this.keys.backendSecurity())) {
			proxy.setBackendSecurity(
					ZmqPropertiesValidator.profile(this.keys.backendSecurity(), prefix + ".backend-security", profiles));
		}
		if (this.keys.binaryStar()) {
			proxy.setGate(beans.bean(ZmqBinaryStarAutoConfiguration.GATE_BEAN, ZmqGate.class));
		}
		proxy.setAutoStartup(this.keys.autoStartup());
		proxy.setHealthEnabled(this.keys.health());
		return proxy;
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
