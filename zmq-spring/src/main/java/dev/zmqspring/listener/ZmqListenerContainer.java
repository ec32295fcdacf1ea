package dev.zmqspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;


import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.lifecycle.ZmqLifecycleComponent;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Runs one annotated listener method on actors (Guide ch.2 "Multithreading with ZeroMQ"): one actor
 * per handler thread, each with its own socket, plus a front actor when several handlers share a
 * bound endpoint. Created by {@link ZmqListenerContainerFactory}, held by the
 * {@link ZmqListenerRegistry}, which starts and stops it with the application.
 *
 * <p>Lifecycle: {@link ZmqLifecycleComponent}'s, shared with proxies and brokers, in a late phase
 * ({@link #PHASE}), so listeners start after everything else is ready and stop first. Stopping is graceful: the front stops taking new messages,
 * every handler finishes the message it is handling and sends its reply, pending asynchronous replies
 * get the rest of {@code zmq.shutdown-timeout}, and the whole stop never takes longer than that.
 * A stopped container can be started again (with new actors and sockets).
 */
public final class ZmqListenerContainer extends ZmqLifecycleComponent {

	/** The lifecycle phase of listener containers: late start, early stop. */
	public static final int PHASE = Integer.MAX_VALUE - 100;

	private final ZmqListenerDefinition definition;

	private final Supplier<ZmqListenerTopology> topologies;

	private final Map<String, Object> details;

	private volatile ZmqListenerTopology topology;

	/** Counts of earlier runs, so counters stay monotonic across restarts (meters). */
	private volatile ZmqCounters retired = new ZmqCounters();

	ZmqListenerContainer(ZmqListenerDefinition definition, ZmqSocketFactory factory, Duration shutdownTimeout,
			Supplier<ZmqListenerTopology> topologies, Map<String, Object> details) {
		super(definition.id(), "listener", factory, shutdownTimeout, PHASE);
		this.definition = definition;
		this.topologies = topologies;
		this.details = details;
		setAutoStartup(definition.autoStartup());
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
	protected List<Actor> createActors() {
		ZmqListenerTopology previous = this.topology;
		if (previous != null) {
			this.retired = sum(this.retired, previous);
		}
		ZmqListenerTopology created = this.topologies.get();
		this.topology = created;
		List<Actor> actors = new ArrayList<>();
		if (created.front() != null) {
			actors.add(new Actor("front", created.front()));
		}
		List<ZmqListenerActorBehavior> behaviors = created.handlers();
		for (int i = 0; i < behaviors.size(); i++) {
			actors.add(new Actor((behaviors.size() == 1) ? "" : String.valueOf(i), behaviors.get(i)));
		}
		return actors;
	}

	@Override
	protected void yieldBatches() {
		ZmqListenerTopology current = this.topology;
		if (current != null) {
			current.handlers().forEach(ZmqListenerActorBehavior::yieldBatch);
		}
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

}
