package dev.zmqspring.lifecycle;

import java.time.Duration;
import java.util.List;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * A named component that runs one actor (Guide ch.2 "Multithreading with ZeroMQ"): proxies and
 * brokers extend it. The life cycle (fresh actor per start, bind retry on restart, graceful stop) is
 * {@link ZmqLifecycleComponent}'s, shared with the listener containers. Counters survive restarts, so
 * meters stay monotonic.
 *
 * <p>Phase {@link #PHASE}: late, so the component starts after ordinary beans and stops before
 * them; a little earlier than the listeners, so intermediaries are up before the listeners that
 * connect to them and still up while those listeners say goodbye.
 */
public abstract class ZmqActorComponent extends ZmqLifecycleComponent {

	/** The life-cycle phase of proxies and brokers. */
	public static final int PHASE = Integer.MAX_VALUE - 2048;

	private final ZmqCounters counters = new ZmqCounters();

	/**
	 * Creates the component.
	 * @param name its name (proxy or broker name)
	 * @param kind {@code proxy} or {@code broker}
	 * @param factory where sockets come from
	 * @param shutdownTimeout how long stopping (and starting) may take
	 */
	protected ZmqActorComponent(String name, String kind, ZmqSocketFactory factory, Duration shutdownTimeout) {
		super(name, kind, factory, shutdownTimeout, PHASE);
	}

	/**
	 * Creates the behavior for the next run; called on every {@link #start()}.
	 * @param counters the component's counters, to be updated by the behavior
	 * @return a new behavior
	 */
	protected abstract ZmqActorBehavior createBehavior(ZmqCounters counters);

	/** The endpoints the current behavior bound or connected, empty before it opened. */
	protected abstract List<String> currentEndpoints();

	@Override
	protected final List<Actor> createActors() {
		return List.of(new Actor("", createBehavior(this.counters), this.counters));
	}

	@Override
	public List<String> getEndpoints() {
		return currentEndpoints();
	}

	@Override
	public ZmqCounters getCounters() {
		return this.counters;
	}

}
