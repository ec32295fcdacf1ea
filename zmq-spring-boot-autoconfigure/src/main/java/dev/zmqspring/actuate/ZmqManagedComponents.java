package dev.zmqspring.actuate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;

import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.lifecycle.ZmqManagedComponentSource;

/**
 * Every {@link ZmqManagedComponent} of the application: the beans of that type (proxies, brokers,
 * any listener container that is a bean) plus the components exposed by every
 * {@link ZmqManagedComponentSource} bean (e.g. the listener registry). Read afresh on every call, so
 * components that appear later are seen. Also renders one component as the map that health details
 * and the {@code zmq} endpoint show.
 */
public class ZmqManagedComponents {

	private final ObjectProvider<ZmqManagedComponent> components;

	private final ObjectProvider<ZmqManagedComponentSource> sources;

	public ZmqManagedComponents(ObjectProvider<ZmqManagedComponent> components,
			ObjectProvider<ZmqManagedComponentSource> sources) {
		this.components = components;
		this.sources = sources;
	}

	/** All components, beans first, each once. */
	public List<ZmqManagedComponent> all() {
		Set<ZmqManagedComponent> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		List<ZmqManagedComponent> all = new ArrayList<>();
		this.components.orderedStream().forEach((component) -> {
			if (seen.add(component)) {
				all.add(component);
			}
		});
		this.sources.orderedStream().forEach((source) -> {
			for (ZmqManagedComponent component : source.getManagedComponents()) {
				if (seen.add(component)) {
					all.add(component);
				}
			}
		});
		return all;
	}

	/** The component with this name, or {@code null}. */
	public ZmqManagedComponent find(String name) {
		for (ZmqManagedComponent component : all()) {
			if (component.getName().equals(name)) {
				return component;
			}
		}
		return null;
	}

	/**
	 * The management view of one component: kind, state, failure, endpoints, counters and the
	 * component's own details.
	 */
	public static Map<String, Object> describe(ZmqManagedComponent component) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("kind", component.getKind());
		map.put("state", component.getState().name());
		Throwable failure = component.getFailure();
		if (failure != null) {
			map.put("failure", String.valueOf(failure.getMessage()));
		}
		map.put("endpoints", component.getEndpoints());
		Map<String, Object> security = component.getSecurity();
		if (!security.isEmpty()) {
			map.put("security", security);
		}
		map.put("counters", counters(component.getCounters()));
		map.putAll(component.getDetails());
		return map;
	}

	static Map<String, Object> counters(ZmqCounters counters) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("messagesIn", counters.getMessagesIn());
		map.put("bytesIn", counters.getBytesIn());
		map.put("messagesOut", counters.getMessagesOut());
		map.put("bytesOut", counters.getBytesOut());
		map.put("errors", counters.getErrors());
		map.put("dropped", counters.getDropped());
		map.put("handled", counters.getHandled());
		map.put("connectionsOpen", counters.getConnectionsOpen());
		map.put("connectionsRejected", counters.getConnectionsRejected());
		map.put("connectionsRefused", counters.getConnectionsRefused());
		map.put("framesRejected", counters.getFramesRejected());
		map.put("subscriptionsHeld", counters.getSubscriptionsHeld());
		map.put("subscriptionsRefused", counters.getSubscriptionsRefused());
		map.put("subscribersCut", counters.getSubscribersCut());
		return map;
	}

	/** {@code listener} becomes {@code listeners}, {@code proxy} {@code proxies}, {@code broker} {@code brokers}. */
	static String plural(String kind) {
		String lower = kind.toLowerCase(Locale.ROOT);
		return lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
	}

}
