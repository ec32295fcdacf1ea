package dev.zmqspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.context.SmartLifecycle;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Runs one annotated listener method on actors (Guide ch.2 "Multithreading with ZeroMQ"): one actor
 * per handler thread, each with its own socket, plus a front actor when several handlers share a
 * bound endpoint. Created by {@link ZmqListenerContainerFactory}, held by the
 * {@link ZmqListenerRegistry}, which starts and stops it with the application.
 *
 * <p>Lifecycle: a {@link SmartLifecycle} in a late phase ({@link #PHASE}), so listeners start after
 * everything else is ready and stop first. Stopping is graceful: the front stops taking new messages,
 * every handler finishes the message it is handling and sends its reply, pending asynchronous replies
 * get the rest of {@code zmq.shutdown-timeout}, and the whole stop never takes longer than that.
 * A stopped container can be started again (with new actors and sockets).
 */
public final class ZmqListenerContainer implements SmartLifecycle, ZmqManagedComponent {

	/** The lifecycle phase of listener containers: late start, early stop. */
	public static final int PHASE = Integer.MAX_VALUE - 100;

	private final ZmqListenerDefinition definition;

	private final ZmqSocketFactory factory;

	private final Duration shutdownTimeout;

	private final Supplier<ZmqListenerTopology> topologies;

	private final Map<String, Object> details;

	private volatile ZmqListenerTopology topology;

	private volatile ZmqActor front;

	private volatile List<ZmqActor> handlers = List.of();

	private volatile boolean everStarted;

	private volatile boolean stopping;

	/** Counts of earlier runs, so counters stay monotonic across restarts (meters). */
	private volatile ZmqCounters retired = new ZmqCounters();

	ZmqListenerContainer(ZmqListenerDefinition definition, ZmqSocketFactory factory, Duration shutdownTimeout,
			Supplier<ZmqListenerTopology> topologies, Map<String, Object> details) {
		this.definition = definition;
		this.factory = factory;
		this.shutdownTimeout = shutdownTimeout;
		this.topologies = topologies;
		this.details = details;
	}

	/** The listener definition (annotation attributes, resolved). */
	public ZmqListenerDefinition getDefinition() {
		return this.definition;
	}

	/** The listener id. */
	public String getId() {
		return this.definition.id();
	}

	@Override
	public String getName() {
		return this.definition.id();
	}

	@Override
	public String getKind() {
		return "listener";
	}

	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		ZmqListenerTopology previous = this.topology;
		if (previous != null) {
			this.retired = sum(this.retired, previous);
			this.topology = null;
		}
		this.front = null;
		this.handlers = List.of();
		ZmqListenerTopology created = this.topologies.get();
		String name = "listener-" + getId();
		ZmqActor startedFront = null;
		List<ZmqActor> started = new ArrayList<>();
		try {
			if (created.front() != null) {
				startedFront = new ZmqActor(name + "-front", this.factory, created.front());
				this.front = startedFront;
				startedFront.start(this.shutdownTimeout);
			}
			List<ZmqListenerActorBehavior> behaviors = created.handlers();
			for (int i = 0; i < behaviors.size(); i++) {
				ZmqActor actor = new ZmqActor((behaviors.size() == 1) ? name : name + "-" + i, this.factory,
						behaviors.get(i));
				started.add(actor);
				this.handlers = List.copyOf(started);
				actor.start(this.shutdownTimeout);
			}
		}
		catch (RuntimeException ex) {
			this.topology = created;
			stop();
			throw ex;
		}
		this.topology = created;
		this.everStarted = true;
	}

	@Override
	public synchronized void stop() {
		this.stopping = true;
		try {
			stopActors();
		}
		finally {
			this.stopping = false;
		}
	}

	private void stopActors() {
		ZmqListenerTopology current = this.topology;
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		ZmqActor frontActor = this.front;
		if (frontActor != null && frontActor.isRunning()) {
			frontActor.pause(remaining(deadline));
		}
		if (current != null) {
			current.handlers().forEach(ZmqListenerActorBehavior::yieldBatch);
		}
		for (ZmqActor actor : this.handlers) {
			actor.stop(remaining(deadline));
		}
		if (frontActor != null) {
			frontActor.stop(remaining(deadline));
		}
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
	}

	@Override
	public synchronized void pause() {
		ZmqListenerTopology current = this.topology;
		if (current == null) {
			return;
		}
		ZmqActor frontActor = this.front;
		if (frontActor != null) {
			frontActor.pause(this.shutdownTimeout);
		}
		current.handlers().forEach(ZmqListenerActorBehavior::yieldBatch);
		for (ZmqActor actor : this.handlers) {
			actor.pause(this.shutdownTimeout);
		}
	}

	@Override
	public synchronized void resume() {
		for (ZmqActor actor : this.handlers) {
			actor.resume(this.shutdownTimeout);
		}
		ZmqActor frontActor = this.front;
		if (frontActor != null) {
			frontActor.resume(this.shutdownTimeout);
		}
	}

	@Override
	public boolean isRunning() {
		ZmqActor frontActor = this.front;
		if (frontActor != null && frontActor.isRunning()) {
			return true;
		}
		for (ZmqActor actor : this.handlers) {
			if (actor.isRunning()) {
				return true;
			}
		}
		return false;
	}

	/** Whether the container is paused (every actor paused). */
	public boolean isPaused() {
		return getState() == ZmqActorState.PAUSED;
	}

	@Override
	public boolean isAutoStartup() {
		return this.definition.autoStartup();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public ZmqActorState getState() {
		List<ZmqActor> actors = actors();
		if (actors.isEmpty()) {
			return ZmqActorState.NEW;
		}
		boolean allPaused = true;
		boolean anyRunning = false;
		boolean anyStopping = false;
		boolean anyStarting = false;
		for (ZmqActor actor : actors) {
			ZmqActorState state = actor.getState();
			switch (state) {
				case FAILED -> {
					return ZmqActorState.FAILED;
				}
				case PAUSED -> anyRunning = true;
				case RUNNING -> {
					anyRunning = true;
					allPaused = false;
				}
				case STOPPING -> {
					anyStopping = true;
					allPaused = false;
				}
				case STARTING, NEW -> {
					anyStarting = true;
					allPaused = false;
				}
				default -> allPaused = false;
			}
		}
		if (anyStarting) {
			return ZmqActorState.STARTING;
		}
		if (anyStopping || (this.stopping && anyRunning)) {
			return ZmqActorState.STOPPING;
		}
		if (anyRunning) {
			return allPaused ? ZmqActorState.PAUSED : ZmqActorState.RUNNING;
		}
		return this.everStarted ? ZmqActorState.STOPPED : ZmqActorState.NEW;
	}

	@Override
	public Throwable getFailure() {
		for (ZmqActor actor : actors()) {
			if (actor.getFailure() != null) {
				return actor.getFailure();
			}
		}
		return null;
	}

	/**
	 * The endpoints the listener's sockets actually bound or connected: with an ephemeral port
	 * ({@code tcp://127.0.0.1:*}) the port chosen at bind. Empty until started.
	 */
	@Override
	public List<String> getEndpoints() {
		ZmqListenerTopology current = this.topology;
		if (current == null || !isRunning()) {
			return List.of();
		}
		if (current.front() != null) {
			return current.front().endpoints();
		}
		Set<String> endpoints = new LinkedHashSet<>();
		current.handlers().forEach((handler) -> endpoints.addAll(handler.endpoints()));
		return List.copyOf(endpoints);
	}

	/** The counters of all runs, summed over the handler actors. */
	@Override
	public ZmqCounters getCounters() {
		return sum(this.retired, this.topology);
	}

	private static ZmqCounters sum(ZmqCounters base, ZmqListenerTopology topology) {
		List<ZmqCounters> parts = new ArrayList<>();
		parts.add(base);
		if (topology != null) {
			for (ZmqListenerActorBehavior handler : topology.handlers()) {
				if (handler.counters() != null) {
					parts.add(handler.counters());
				}
			}
		}
		return ZmqCounters.sum(parts);
	}

	@Override
	public Map<String, Object> getDetails() {
		Map<String, Object> result = new LinkedHashMap<>(this.details);
		result.put("concurrency", this.definition.concurrency());
		return result;
	}

	private List<ZmqActor> actors() {
		List<ZmqActor> actors = new ArrayList<>(this.handlers);
		ZmqActor frontActor = this.front;
		if (frontActor != null) {
			actors.add(0, frontActor);
		}
		return actors;
	}

	@Override
	public String toString() {
		return "ZmqListenerContainer[" + getId() + ", " + getState() + "]";
	}

}
