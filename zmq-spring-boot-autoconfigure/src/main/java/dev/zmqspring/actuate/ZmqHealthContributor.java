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
import dev.zmqspring.support.ZmqFailures;

/**
 * The {@code zmq} health contributor ({@code /actuator/health/zmq}): one component per proxy and per
 * broker, by name, and one {@value #LISTENERS} component aggregating all listeners. A component is
 * DOWN when its actor thread died or could not open its sockets (state {@code FAILED}, e.g. a bind
 * failed), UP while running or paused, UNKNOWN while not started or stopped. Components whose
 * {@code health} property is {@code false} are left out. The {@value #CONTEXT} component is DOWN once
 * anything died in the context ({@link ZmqFailures}: a JeroMQ thread, or any actor after it started,
 * including those no other component reports, such as a template's bound publisher); it stays DOWN
 * until the application restarts, since a thread that died of an {@link OutOfMemoryError} or a
 * {@link StackOverflowError} leaves the process in a state nothing here can vouch for.
 */
public class ZmqHealthContributor implements CompositeHealthContributor {

	/** The name of the component that aggregates the listeners. */
	public static final String LISTENERS = "listeners";

	private static final String LISTENER_KIND = "listener";

	/** The name of the component that reports what died in the context ({@link ZmqFailures}). */
	public static final String CONTEXT = "context";

	private final ZmqManagedComponents components;

	private final ZmqFailures failures;

	public ZmqHealthContributor(ZmqManagedComponents components) {
		this(components, null);
	}

	/**
	 * A contributor that also reports the context's failures as the {@value #CONTEXT} component.
	 * @param components the components
	 * @param failures what died in the context, or {@code null} for no {@value #CONTEXT} component
	 */
	public ZmqHealthContributor(ZmqManagedComponents components, ZmqFailures failures) {
		this.components = components;
		this.failures = failures;
	}

	@Override
	public HealthContributor getContributor(String name) {
		if (CONTEXT.equals(name)) {
			return (this.failures != null) ? (HealthIndicator) this::contextHealth : null;
		}
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
		if (this.failures != null) {
			entries.add(new HealthContributors.Entry(CONTEXT, (HealthIndicator) this::contextHealth));
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

	/** DOWN once a JeroMQ thread or an actor died: nothing else may report it (e.g. a template's publisher). */
	private Health contextHealth() {
		List<ZmqFailures.Failure> recorded = this.failures.getFailures();
		Health.Builder health = recorded.isEmpty() ? Health.up() : Health.down();
		return health.withDetail("failures", this.failures.getCount()).withDetail("died", recorded).build();
	}

	static Status status(ZmqActorState state) {
		return switch (state) {
			case RUNNING, PAUSED -> Status.UP;
			case FAILED -> Status.DOWN;
			case NEW, STARTING, STOPPING, STOPPED -> Status.UNKNOWN;
		};
	}

}
