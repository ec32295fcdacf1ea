package dev.zmqspring.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.lifecycle.ZmqManagedComponent;

/**
 * The {@code zmq} health contributor ({@code /actuator/health/zmq}): one component per proxy and per
 * broker, by name, and one {@value #LISTENERS} component aggregating all listeners. A component is
 * DOWN when its actor thread died or could not open its sockets (state {@code FAILED}, e.g. a bind
 * failed), UP while running or paused, UNKNOWN while not started or stopped. Components whose
 * {@code health} property is {@code false} are left out.
 */
public class ZmqHealthContributor implements CompositeHealthContributor {

	/** The name of the component that aggregates the listeners. */
	public static final String LISTENERS = "listeners";

	private static final String LISTENER_KIND = "listener";

	private final ZmqManagedComponents components;

	public ZmqHealthContributor(ZmqManagedComponents components) {
		this.components = components;
	}

	@Override
	public HealthContributor getContributor(String name) {
		if (LISTENERS.equals(name)) {
			return listeners().isEmpty() ? null : (HealthIndicator) this::listenersHealth;
		}
		ZmqManagedComponent component = this.components.find(name);
		if (component == null || !component.isHealthEnabled() || LISTENER_KIND.equals(component.getKind())) {
			return null;
		}
		return (HealthIndicator) () -> health(component);
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		List<HealthContributors.Entry> entries = new ArrayList<>();
		for (ZmqManagedComponent component : this.components.all()) {
			if (component.isHealthEnabled() && !LISTENER_KIND.equals(component.getKind())) {
				entries.add(new HealthContributors.Entry(component.getName(),
						(HealthIndicator) () -> health(component)));
			}
		}
		if (!listeners().isEmpty()) {
			entries.add(new HealthContributors.Entry(LISTENERS, (HealthIndicator) this::listenersHealth));
		}
		return entries.stream();
	}

	private List<ZmqManagedComponent> listeners() {
		List<ZmqManagedComponent> listeners = new ArrayList<>();
		for (ZmqManagedComponent component : this.components.all()) {
			if (component.isHealthEnabled() && LISTENER_KIND.equals(component.getKind())) {
				listeners.add(component);
			}
		}
		return listeners;
	}

	static Health health(ZmqManagedComponent component) {
		return Health.status(status(component.getState()))
			.withDetails(ZmqManagedComponents.describe(component))
			.build();
	}

	private Health listenersHealth() {
		Status status = Status.UP;
		Map<String, Object> details = new LinkedHashMap<>();
		for (ZmqManagedComponent listener : listeners()) {
			Status own = status(listener.getState());
			if (Status.DOWN.equals(own)) {
				status = Status.DOWN;
			}
			details.put(listener.getName(), ZmqManagedComponents.describe(listener));
		}
		return Health.status(status).withDetails(details).build();
	}

	static Status status(ZmqActorState state) {
		return switch (state) {
			case RUNNING, PAUSED -> Status.UP;
			case FAILED -> Status.DOWN;
			case NEW, STARTING, STOPPING, STOPPED -> Status.UNKNOWN;
		};
	}

}
