package dev.zmqspring.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.zeromq.ZMQException;

import org.springframework.context.SmartLifecycle;

import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.ZmqCounters;

import zmq.ZError;

/**
 * A named component that runs one {@link ZmqActor} (Guide ch.2 "Multithreading with ZeroMQ") and
 * exposes it to Spring's life cycle and to management: proxies and brokers extend it. Each
 * {@link #start()} runs a fresh behavior on a fresh actor, so a stopped or failed component can be
 * started again (from the {@code zmq} actuator endpoint). Counters survive restarts, so meters stay
 * monotonic.
 *
 * <p>Phase {@link #PHASE}: late, so the component starts after ordinary beans and stops before
 * them; a little earlier than the default phase, so intermediaries are up before the listeners that
 * connect to them and still up while those listeners say goodbye.
 */
public abstract class ZmqActorComponent implements SmartLifecycle, ZmqManagedComponent {

	/** The life-cycle phase of proxies and brokers. */
	public static final int PHASE = Integer.MAX_VALUE - 2048;

	private static final Duration RESTART_BIND_GRACE = Duration.ofSeconds(2);

	private static final Duration RESTART_BIND_RETRY = Duration.ofMillis(50);

	private final String name;

	private final String kind;

	private final ZmqSocketFactory factory;

	private final Duration shutdownTimeout;

	private final ZmqCounters counters = new ZmqCounters();

	private boolean autoStartup = true;

	private boolean healthEnabled = true;

	private volatile ZmqActor actor;

	/**
	 * Creates the component.
	 * @param name its name (proxy or broker name)
	 * @param kind {@code proxy} or {@code broker}
	 * @param factory where sockets come from
	 * @param shutdownTimeout how long stopping (and starting) may take
	 */
	protected ZmqActorComponent(String name, String kind, ZmqSocketFactory factory, Duration shutdownTimeout) {
		this.name = name;
		this.kind = kind;
		this.factory = factory;
		this.shutdownTimeout = shutdownTimeout;
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
	public String getName() {
		return this.name;
	}

	@Override
	public String getKind() {
		return this.kind;
	}

	/** The socket factory. */
	protected ZmqSocketFactory getFactory() {
		return this.factory;
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
		return PHASE;
	}

	/**
	 * Starts a fresh actor and waits until its sockets are open.
	 * @throws dev.zmqspring.support.ZmqException if the sockets cannot be opened (e.g. address in use);
	 * the component is then {@link ZmqActorState#FAILED}
	 */
	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		// JeroMQ releases a listening port asynchronously after close: a restart right after a stop may
		// find its own port still taken for a moment, so a restart retries binds for a short while
		boolean restart = this.actor != null;
		long deadline = System.nanoTime() + (restart ? RESTART_BIND_GRACE.toNanos() : 0);
		while (true) {
			ZmqActor next = new ZmqActor(this.kind + "-" + this.name, this.factory, createBehavior(this.counters),
					this.counters);
			this.actor = next;
			try {
				next.start(this.shutdownTimeout);
				return;
			}
			catch (ZmqException ex) {
				if (!restart || !isAddressInUse(ex) || System.nanoTime() > deadline) {
					throw ex;
				}
				LockSupport.parkNanos(RESTART_BIND_RETRY.toNanos());
			}
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
		ZmqActor current = this.actor;
		if (current != null) {
			current.stop(this.shutdownTimeout);
		}
	}

	@Override
	public boolean isRunning() {
		ZmqActor current = this.actor;
		return current != null && current.isRunning();
	}

	@Override
	public void pause() {
		ZmqActor current = this.actor;
		if (current != null) {
			current.pause(this.shutdownTimeout);
		}
	}

	@Override
	public void resume() {
		ZmqActor current = this.actor;
		if (current != null) {
			current.resume(this.shutdownTimeout);
		}
	}

	@Override
	public ZmqActorState getState() {
		ZmqActor current = this.actor;
		return (current != null) ? current.getState() : ZmqActorState.NEW;
	}

	@Override
	public Throwable getFailure() {
		ZmqActor current = this.actor;
		return (current != null) ? current.getFailure() : null;
	}

	@Override
	public List<String> getEndpoints() {
		return currentEndpoints();
	}

	@Override
	public ZmqCounters getCounters() {
		return this.counters;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.name + ", " + getState() + "]";
	}

}
