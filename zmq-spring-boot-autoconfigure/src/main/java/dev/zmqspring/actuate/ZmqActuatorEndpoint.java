package dev.zmqspring.actuate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.zmqspring.lifecycle.ZmqManagedComponent;

/**
 * The {@code zmq} actuator endpoint: {@code GET /actuator/zmq} lists listeners, proxies and brokers
 * with their state, endpoints, counters and details; {@code GET /actuator/zmq/{name}} shows one;
 * {@code POST /actuator/zmq/{name}} with {@code {"action": "pause"}} (or {@code resume},
 * {@code stop}, {@code start}) steers one and returns its new view. A start that fails (e.g. the
 * address is in use) is reported in the view's {@code state: FAILED} and {@code failure}.
 */
@Endpoint(id = "zmq")
public class ZmqActuatorEndpoint {

	private final ZmqManagedComponents components;

	public ZmqActuatorEndpoint(ZmqManagedComponents components) {
		this.components = components;
	}

	@ReadOperation
	public Map<String, Object> components() {
		Map<String, Object> byKind = new LinkedHashMap<>();
		byKind.put("listeners", new LinkedHashMap<String, Object>());
		byKind.put("proxies", new LinkedHashMap<String, Object>());
		byKind.put("brokers", new LinkedHashMap<String, Object>());
		for (ZmqManagedComponent component : this.components.all()) {
			@SuppressWarnings("unchecked")
			Map<String, Object> group = (Map<String, Object>) byKind.computeIfAbsent(
					ZmqManagedComponents.plural(component.getKind()), (kind) -> new LinkedHashMap<String, Object>());
			group.put(component.getName(), ZmqManagedComponents.describe(component));
		}
		return byKind;
	}

	@ReadOperation
	public Map<String, Object> component(@Selector String name) {
		ZmqManagedComponent component = this.components.find(name);
		return (component != null) ? ZmqManagedComponents.describe(component) : null;
	}

	@WriteOperation
	public Map<String, Object> control(@Selector String name, String action) {
		ZmqManagedComponent component = this.components.find(name);
		if (component == null) {
			return null;
		}
		String verb = (action != null) ? action.trim().toLowerCase(Locale.ROOT) : "";
		switch (verb) {
			case "pause" -> component.pause();
			case "resume" -> component.resume();
			case "stop" -> component.stop();
			case "start" -> {
				try {
					component.start();
				}
				catch (RuntimeException ex) {
					// the view below shows state FAILED and the reason
				}
			}
			default -> throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "'; use start, stop, pause or resume",
					"Unknown action; use start, stop, pause or resume");
		}
		return ZmqManagedComponents.describe(component);
	}

}
