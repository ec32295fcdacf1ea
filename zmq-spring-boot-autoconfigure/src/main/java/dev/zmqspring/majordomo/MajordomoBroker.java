package dev.zmqspring.majordomo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.zeromq.SocketType;

import org.springframework.context.SmartLifecycle;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.actor.ZmqManagedComponent;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.majordomo.titanic.Titanic;

/**
 * A Majordomo broker ({@code zmq.brokers.<name>.type: majordomo}; Guide ch.4 "Service-Oriented
 * Reliable Queuing", spec 7/MDP with spec 8/MMI), optionally with Titanic (spec 9/TSP) next to it.
 * The broker loop is a {@link MajordomoBrokerBehavior} on its own {@link ZmqActor}; this class is its
 * life cycle ({@link SmartLifecycle}, started late and stopped early) and its management view
 * ({@link ZmqManagedComponent}, kind {@code broker}: details list services, workers per service,
 * queued requests and requests served).
 *
 * <p>When Titanic is enabled the broker also binds an inproc endpoint, and the Titanic actor's
 * workers and dispatcher connect to it there.
 */
public class MajordomoBroker implements SmartLifecycle, ZmqManagedComponent {

	/** Brokers start after ordinary beans and before listeners, and stop after the listeners. */
	public static final int PHASE = Integer.MAX_VALUE - 2048;

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final String name;

	private final ZmqSocketFactory factory;

	private final List<ZmqEndpoint> endpoints;

	private final Duration heartbeatInterval;

	private final int heartbeatLiveness;

	private final long maxMessageSize;

	private final Duration shutdownTimeout;

	private final boolean autoStartup;

	private final boolean healthEnabled;

	private final Path titanicDirectory;

	private final String inprocEndpoint;

	private final ZmqCounters counters = new ZmqCounters();

	private volatile ZmqActor actor;

	private volatile MajordomoBrokerBehavior behavior;

	private volatile Titanic titanic;

	/**
	 * Creates a broker; nothing is bound until {@link #start()}.
	 * @param name the broker name (the key under {@code zmq.brokers})
	 * @param factory the socket factory
	 * @param endpoints where the ROUTER binds (or connects, with '>')
	 * @param heartbeatInterval heartbeat interval
	 * @param heartbeatLiveness missed heartbeats after which a worker is purged
	 * @param maxMessageSize the largest message accepted from a peer, -1 for unlimited
	 * @param shutdownTimeout how long stopping may take
	 * @param autoStartup whether to start with the application
	 * @param healthEnabled whether to contribute to health
	 * @param titanicDirectory where Titanic stores requests, {@code null} for no Titanic
	 */
	public MajordomoBroker(String name, ZmqSocketFactory factory, List<ZmqEndpoint> endpoints,
			Duration heartbeatInterval, int heartbeatLiveness, long maxMessageSize, Duration shutdownTimeout,
			boolean autoStartup, boolean healthEnabled, Path titanicDirectory) {
		this.name = name;
		this.factory = factory;
		this.endpoints = endpoints;
		this.heartbeatInterval = heartbeatInterval;
		this.heartbeatLiveness = heartbeatLiveness;
		this.maxMessageSize = maxMessageSize;
		this.shutdownTimeout = shutdownTimeout;
		this.autoStartup = autoStartup;
		this.healthEnabled = healthEnabled;
		this.titanicDirectory = titanicDirectory;
		this.inprocEndpoint = "inproc://zmq-majordomo-" + name + "-" + SEQUENCE.incrementAndGet();
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String getKind() {
		return "broker";
	}

	/** The inproc endpoint the broker also binds when Titanic is enabled. */
	public String getInprocEndpoint() {
		return this.inprocEndpoint;
	}

	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		List<ZmqEndpoint> all = new ArrayList<>(this.endpoints);
		if (this.titanicDirectory != null) {
			all.add(ZmqEndpoint.bind(this.inprocEndpoint));
		}
		MajordomoBrokerBehavior loop = new MajordomoBrokerBehavior(this.name, all, this.heartbeatInterval.toMillis(),
				this.heartbeatLiveness, this.maxMessageSize, this.counters);
		ZmqActor thread = new ZmqActor("majordomo-" + this.name, this.factory, loop);
		this.behavior = loop;
		this.actor = thread;
		thread.start(this.shutdownTimeout.isZero() ? Duration.ofSeconds(10) : this.shutdownTimeout);
		if (this.titanicDirectory != null) {
			Titanic companion = new Titanic(this.name, this.factory, this.titanicDirectory,
					List.of(ZmqEndpoint.parse(">" + this.inprocEndpoint, SocketType.DEALER, "titanic")),
					this.heartbeatInterval, this.heartbeatLiveness);
			try {
				companion.start(Duration.ofSeconds(10));
			}
			catch (RuntimeException ex) {
				thread.stop(this.shutdownTimeout);
				throw ex;
			}
			this.titanic = companion;
		}
	}

	@Override
	public synchronized void stop() {
		Titanic companion = this.titanic;
		if (companion != null) {
			companion.stop(this.shutdownTimeout);
			this.titanic = null;
		}
		ZmqActor thread = this.actor;
		if (thread != null) {
			thread.stop(this.shutdownTimeout);
		}
	}

	@Override
	public boolean isRunning() {
		ZmqActor thread = this.actor;
		return thread != null && thread.isRunning();
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** The broker's state; FAILED also when its Titanic companion died (health DOWN). */
	@Override
	public ZmqActorState getState() {
		ZmqActor thread = this.actor;
		ZmqActorState state = (thread != null) ? thread.getState() : ZmqActorState.NEW;
		Titanic companion = this.titanic;
		if (companion != null && companion.getState() == ZmqActorState.FAILED && state != ZmqActorState.STOPPED) {
			return ZmqActorState.FAILED;
		}
		return state;
	}

	@Override
	public Throwable getFailure() {
		ZmqActor thread = this.actor;
		Throwable failure = (thread != null) ? thread.getFailure() : null;
		Titanic companion = this.titanic;
		return (failure == null && companion != null) ? companion.getFailure() : failure;
	}

	@Override
	public List<String> getEndpoints() {
		MajordomoBrokerBehavior loop = this.behavior;
		return (loop != null) ? loop.boundEndpoints() : List.of();
	}

	@Override
	public ZmqCounters getCounters() {
		return this.counters;
	}

	@Override
	public Map<String, Object> getDetails() {
		MajordomoBrokerBehavior loop = this.behavior;
		Map<String, Object> details = new LinkedHashMap<>((loop != null) ? loop.details() : Map.of());
		details.put("type", "majordomo");
		Titanic companion = this.titanic;
		if (companion != null) {
			details.put("titanic", companion.getDetails());
		}
		return details;
	}

	@Override
	public boolean isHealthEnabled() {
		return this.healthEnabled;
	}

	@Override
	public void pause() {
		ZmqActor thread = this.actor;
		if (thread != null) {
			thread.pause(this.shutdownTimeout);
		}
	}

	@Override
	public void resume() {
		ZmqActor thread = this.actor;
		if (thread != null) {
			thread.resume(this.shutdownTimeout);
		}
	}

	@Override
	public String toString() {
		return "MajordomoBroker[" + this.name + ", " + getState() + ", " + getEndpoints() + "]";
	}

}
