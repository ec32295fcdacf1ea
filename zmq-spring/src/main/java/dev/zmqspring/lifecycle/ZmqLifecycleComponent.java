package dev.zmqspring.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.zeromq.ZMQException;

import org.springframework.context.SmartLifecycle;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

import zmq.ZError;

/**
 * The one life-cycle base of every looping component: listener containers, proxies and brokers. It
 * runs a group of {@link ZmqActor}s (Guide ch.2 "Multithreading with ZeroMQ") as one Spring
 * {@link SmartLifecycle} and one {@link ZmqManagedComponent}: start them in order, pause, resume and
 * stop them together, and report one state.
 *
 * <ul>
 * <li>Every {@link #start()} runs fresh behaviors on fresh actors, so a stopped or failed component
 * can be started again (from the {@code zmq} actuator endpoint). JeroMQ releases a listening port
 * asynchronously after close, so a <em>restart</em> that finds its own port still taken retries the
 * binds for a short while.</li>
 * <li>The first actor of a group of several is the front that feeds the others (a multithreaded
 * server's ROUTER): stopping pauses it first so nothing new reaches the others, then stops the actors
 * in reverse start order within one shutdown timeout, so in-flight work finishes and its replies go
 * out.</li>
 * </ul>
 */
public abstract class ZmqLifecycleComponent implements SmartLifecycle, ZmqManagedComponent {

	private static final Duration RESTART_BIND_GRACE = Duration.ofSeconds(2);

	private static final Duration RESTART_BIND_RETRY = Duration.ofMillis(50);

	private final String name;

	private final String kind;

	private final ZmqSocketFactory factory;

	private final Duration shutdownTimeout;

	private final int phase;

	private boolean autoStartup = true;

	private boolean healthEnabled = true;

	private volatile ZmqGate gate;

	private volatile List<ZmqActor> actors = List.of();

	private volatile boolean everStarted;

	private volatile boolean stopping;

	/**
	 * Creates the component.
	 * @param name its name (listener id, proxy or broker name)
	 * @param kind {@code listener}, {@code proxy} or {@code broker}
	 * @param factory where sockets come from
	 * @param shutdownTimeout how long stopping (and starting) may take
	 * @param phase the life-cycle phase
	 */
	protected ZmqLifecycleComponent(String name, String kind, ZmqSocketFactory factory, Duration shutdownTimeout,
			int phase) {
		this.name = name;
		this.kind = kind;
		this.factory = factory;
		this.shutdownTimeout = shutdownTimeout;
		this.phase = phase;
	}

	/**
	 * The actors of the next run, in start order (a front first); called on every start.
	 * @return the thread-name suffix and behavior of each actor
	 */
	protected abstract List<Actor> createActors();

	/**
	 * Called after the front was paused and before the other actors are paused or stopped: a hook for
	 * behaviors that drain batches to give up their current one early.
	 */
	protected void yieldBatches() {
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String getKind() {
		return this.kind;
	}

	/** The security profile of the component's sockets, from its socket factory. */
	@Override
	public Map<String, Object> getSecurity() {
		ZmqSecurity security = this.factory.getOptions().security();
		return security.isNone() ? Map.of() : security.describe();
	}

	/** The socket factory. */
	protected ZmqSocketFactory getFactory() {
		return this.factory;
	}

	/** How long stopping (and starting) may take. */
	protected Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setHealthEnabled(boolean healthEnabled) {
		this.healthEnabled = healthEnabled;
	}

	@Override
	public boolean isHealthEnabled() {
		return this.healthEnabled;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Gates the component's client requests, e.g. with a Binary Star pair's gate (Guide ch.4): requests
	 * it refuses are dropped and counted. Takes effect at the next start.
	 * @param gate the gate, or {@code null} for none
	 */
	public void setGate(ZmqGate gate) {
		this.gate = gate;
	}

	/** The gate of the component's client requests, or {@code null} when they are not gated. */
	public ZmqGate getGate() {
		return this.gate;
	}

	/**
	 * Starts fresh actors in order and waits until each has opened its sockets.
	 * @throws ZmqException if sockets cannot be opened (e.g. address in use); the actors started so far
	 * are stopped and the component is {@link ZmqActorState#FAILED}
	 */
	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		boolean restart = this.everStarted;
		long deadline = System.nanoTime() + (restart ? RESTART_BIND_GRACE.toNanos() : 0);
		while (true) {
			try {
				startActors();
				this.everStarted = true;
				return;
			}
			catch (ZmqException ex) {
				stopActors();
				if (!restart || !isAddressInUse(ex) || System.nanoTime() > deadline) {
					this.everStarted = true;
					throw ex;
				}
				LockSupport.parkNanos(RESTART_BIND_RETRY.toNanos());
			}
			catch (RuntimeException ex) {
				stopActors();
				this.everStarted = true;
				throw ex;
			}
		}
	}

	private void startActors() {
		List<Actor> next = createActors();
		List<ZmqActor> started = new ArrayList<>(next.size());
		String prefix = this.kind + "-" + this.name;
		for (Actor spec : next) {
			ZmqActor actor = new ZmqActor(spec.suffix().isEmpty() ? prefix : prefix + "-" + spec.suffix(), this.factory,
					spec.behavior(), spec.counters());
			started.add(actor);
			this.actors = List.copyOf(started);
			actor.start(this.shutdownTimeout);
		}
	}

	private static boolean isAddressInUse(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ZMQException zmq && zmq.getErrorCode() == ZError.EADDRINUSE) {
				return true;
			}
		}
		return false;
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
		List<ZmqActor> current = this.actors;
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		if (current.size() > 1 && current.get(0).isRunning()) {
			current.get(0).pause(remaining(deadline)); // the front: nothing new for the others
		}
		yieldBatches();
		for (int i = current.size() - 1; i >= 0; i--) {
			current.get(i).stop(remaining(deadline));
		}
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
	}

	@Override
	public synchronized void pause() {
		List<ZmqActor> current = this.actors;
		if (current.isEmpty()) {
			return;
		}
		current.get(0).pause(this.shutdownTimeout);
		yieldBatches();
		for (int i = 1; i < current.size(); i++) {
			current.get(i).pause(this.shutdownTimeout);
		}
	}

	@Override
	public synchronized void resume() {
		List<ZmqActor> current = this.actors;
		for (int i = current.size() - 1; i >= 0; i--) {
			current.get(i).resume(this.shutdownTimeout);
		}
	}

	@Override
	public boolean isRunning() {
		for (ZmqActor actor : this.actors) {
			if (actor.isRunning()) {
				return true;
			}
		}
		return false;
	}

	/** Whether the component is paused (every actor paused). */
	public boolean isPaused() {
		return getState() == ZmqActorState.PAUSED;
	}

	/** The combined state: FAILED if any actor failed, PAUSED only if all are, STOPPED after a run. */
	@Override
	public ZmqActorState getState() {
		List<ZmqActor> current = this.actors;
		if (current.isEmpty()) {
			return this.everStarted ? ZmqActorState.STOPPED : ZmqActorState.NEW;
		}
		boolean allPaused = true;
		boolean anyRunning = false;
		boolean anyStopping = false;
		boolean anyStarting = false;
		for (ZmqActor actor : current) {
			switch (actor.getState()) {
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
		for (ZmqActor actor : this.actors) {
			if (actor.getFailure() != null) {
				return actor.getFailure();
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.name + ", " + getState() + "]";
	}

	/**
	 * One actor of the group.
	 * @param suffix appended to the thread name ({@code zmq-<kind>-<name>-<suffix>}), empty for none
	 * @param behavior what it runs
	 * @param counters where the actor counts its bound sockets' connections, {@code null} for the
	 * behavior's own ({@link ZmqActorBehavior#counters()})
	 */
	public record Actor(String suffix, ZmqActorBehavior behavior, ZmqCounters counters) {

		/**
		 * One actor that counts connections into its behavior's counters.
		 * @param suffix appended to the thread name, empty for none
		 * @param behavior what it runs
		 */
		public Actor(String suffix, ZmqActorBehavior behavior) {
			this(suffix, behavior, null);
		}

	}

}
