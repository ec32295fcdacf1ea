package dev.zmqspring.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.lifecycle.ZmqManagedComponentSource;

/**
 * The registry of every annotated listener (Guide ch.2 "Multithreading with ZeroMQ": each one a set of
 * actors steered only through their mailboxes), by id (the {@code id} attribute, default
 * {@code <bean name>.<method name>}): start, stop, pause and resume one listener, read its state and
 * the endpoints it actually bound (with {@code tcp://127.0.0.1:*}, the port chosen by the OS). The
 * auto-configured bean is named {@code zmqListenerRegistry}; inject it by type.
 *
 * <p>It is the {@link SmartLifecycle} of the listeners: at phase {@link ZmqListenerContainer#PHASE}
 * it starts every container whose {@code autoStartup} is true, and at shutdown it stops them all
 * within {@code zmq.shutdown-timeout}. The health indicator, actuator endpoint and metrics read the
 * containers through {@link ZmqManagedComponentSource}.
 */
public class ZmqListenerRegistry implements SmartLifecycle, DisposableBean, ZmqManagedComponentSource {

	private final ConcurrentMap<String, ZmqListenerContainer> containers = new ConcurrentHashMap<>();

	private final List<ZmqListenerContainer> ordered = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	/**
	 * Registers a container; if the registry is already running and the container starts
	 * automatically, starts it.
	 * @param container the container
	 * @throws IllegalStateException naming both methods if the id is taken
	 */
	public void register(ZmqListenerContainer container) {
		ZmqListenerContainer existing = this.containers.putIfAbsent(container.getId(), container);
		if (existing != null) {
			throw new IllegalStateException("Duplicate ZeroMQ listener id '" + container.getId() + "': "
					+ container.getDefinition().annotation() + " method " + container.getDefinition().source()
					+ " and " + existing.getDefinition().annotation() + " method " + existing.getDefinition().source()
					+ "; give one of them another id");
		}
		this.ordered.add(container);
		if (this.running && container.isAutoStartup()) {
			container.start();
		}
	}

	/** The ids of all listeners, in registration order. */
	public Set<String> getListenerIds() {
		Set<String> ids = new LinkedHashSet<>();
		this.ordered.forEach((container) -> ids.add(container.getId()));
		return ids;
	}

	/** All listener containers, in registration order. */
	public List<ZmqListenerContainer> getListenerContainers() {
		return List.copyOf(this.ordered);
	}

	/**
	 * The container of a listener.
	 * @param id the listener id
	 * @return the container
	 * @throws IllegalArgumentException listing the known ids if there is none with this id
	 */
	public ZmqListenerContainer getListenerContainer(String id) {
		ZmqListenerContainer container = this.containers.get(id);
		if (container == null) {
			throw new IllegalArgumentException("No ZeroMQ listener with id '" + id + "'; known ids: " + getListenerIds());
		}
		return container;
	}

	/** Starts a listener (again); no-op if running. */
	public void start(String id) {
		getListenerContainer(id).start();
	}

	/** Stops a listener gracefully (in-flight replies are sent). */
	public void stop(String id) {
		getListenerContainer(id).stop();
	}

	/** Pauses a listener: its sockets stay connected, messages wait in ZeroMQ queues up to the HWM. */
	public void pause(String id) {
		getListenerContainer(id).pause();
	}

	/** Resumes a paused listener. */
	public void resume(String id) {
		getListenerContainer(id).resume();
	}

	/** The state of a listener. */
	public ZmqActorState getState(String id) {
		return getListenerContainer(id).getState();
	}

	/** Whether a listener is running (paused counts as running). */
	public boolean isRunning(String id) {
		return getListenerContainer(id).isRunning();
	}

	/**
	 * The endpoints a listener actually bound or connected, ephemeral ports resolved.
	 * @param id the listener id
	 * @return the endpoints, empty while stopped
	 */
	public List<String> getEndpoints(String id) {
		return getListenerContainer(id).getEndpoints();
	}

	/** Current state of every listener, by id. */
	public Map<String, ZmqActorState> getStates() {
		Map<String, ZmqActorState> states = new LinkedHashMap<>();
		this.ordered.forEach((container) -> states.put(container.getId(), container.getState()));
		return states;
	}

	@Override
	public Collection<ZmqListenerContainer> getManagedComponents() {
		return getListenerContainers();
	}

	/**
	 * Starts every container whose {@code autoStartup} is true. If one cannot start (e.g. its
	 * address is in use), the ones already started are stopped and the failure is rethrown, so the
	 * application fails to start cleanly.
	 */
	@Override
	public void start() {
		this.running = true;
		try {
			for (ZmqListenerContainer container : this.ordered) {
				if (container.isAutoStartup()) {
					container.start();
				}
			}
		}
		catch (RuntimeException ex) {
			stop();
			throw ex;
		}
	}

	/** Stops whatever still runs when the context is destroyed (e.g. after a failed refresh). */
	@Override
	public void destroy() {
		stop();
	}

	/**
	 * Stops every listener, all at once so the whole shutdown takes at most
	 * {@code zmq.shutdown-timeout} however many listeners there are.
	 */
	@Override
	public void stop() {
		this.running = false;
		List<Thread> stoppers = new ArrayList<>();
		for (ZmqListenerContainer container : this.ordered) {
			if (container.isRunning()) {
				Thread stopper = new Thread(container::stop, "zmq-stop-" + container.getId());
				stopper.start();
				stoppers.add(stopper);
			}
		}
		boolean interrupted = false;
		for (Thread stopper : stoppers) {
			while (true) {
				try {
					stopper.join(); // each container's stop is bounded by the shutdown timeout
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return ZmqListenerContainer.PHASE;
	}

}
