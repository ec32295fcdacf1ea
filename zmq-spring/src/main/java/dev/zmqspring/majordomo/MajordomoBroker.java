package dev.zmqspring.majordomo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;

import org.zeromq.SocketType;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.lifecycle.ZmqActorComponent;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.broker.WorkerGauges;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * A Majordomo broker ({@code zmq.brokers.<name>.type: majordomo}; Guide ch.4 "Service-Oriented
 * Reliable Queuing", spec 7/MDP with spec 8/MMI), optionally with Titanic (spec 9/TSP) next to it.
 * The broker loop is a {@link MajordomoBrokerBehavior} on its own actor; this class is its life cycle
 * and management view ({@link ZmqActorComponent}: started late, stopped early, restartable, kind
 * {@code broker}), whose details list services, workers per service, queued requests and requests
 * served. Like the load-balancing broker and the Paranoid Pirate queue it reports its idle and busy
 * workers and queued requests ({@link WorkerGauges}: the {@code workers} and {@code queuedRequests}
 * details, the {@code zmq.broker.workers} and {@code zmq.broker.queued} gauges).
 *
 * <p>When Titanic is enabled the broker also binds an inproc endpoint, and the Titanic actor's
 * workers and dispatcher connect to it there; Titanic starts after the broker and stops before it.
 */
public class MajordomoBroker extends ZmqActorComponent implements WorkerGauges.Source {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final List<ZmqEndpoint> endpoints;

	private final Duration heartbeatInterval;

	private final int heartbeatLiveness;

	private final long maxMessageSize;

	private final Duration shutdownTimeout;

	private final Function<ZmqEndpoint, MajordomoBrokerCompanion> companionFactory;

	private final String inprocEndpoint;

	private volatile MajordomoBrokerBehavior behavior;

	private volatile MajordomoBrokerCompanion companion;

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
	 * @param companionFactory creates the companion (Titanic) connected to the broker's inproc endpoint on
	 * every start, {@code null} for none
	 */
	public MajordomoBroker(String name, ZmqSocketFactory factory, List<ZmqEndpoint> endpoints,
			Duration heartbeatInterval, int heartbeatLiveness, long maxMessageSize, Duration shutdownTimeout,
			boolean autoStartup, boolean healthEnabled,
			Function<ZmqEndpoint, MajordomoBrokerCompanion> companionFactory) {
		super(name, "broker", factory, shutdownTimeout);
		this.endpoints = endpoints;
		this.heartbeatInterval = heartbeatInterval;
		this.heartbeatLiveness = heartbeatLiveness;
		this.maxMessageSize = maxMessageSize;
		this.shutdownTimeout = shutdownTimeout;
		this.companionFactory = companionFactory;
		this.inprocEndpoint = "inproc://zmq-majordomo-" + name + "-" + SEQUENCE.incrementAndGet();
		setAutoStartup(autoStartup);
		setHealthEnabled(healthEnabled);
	}

	/** The inproc endpoint the broker also binds when it has a companion. */
	public String getInprocEndpoint() {
		return this.inprocEndpoint;
	}

	@Override
	protected ZmqActorBehavior createBehavior(ZmqCounters counters) {
		List<ZmqEndpoint> all = new ArrayList<>(this.endpoints);
		if (this.companionFactory != null) {
			all.add(ZmqEndpoint.bind(this.inprocEndpoint));
		}
		MajordomoBrokerBehavior loop = new MajordomoBrokerBehavior(getName(), all, this.heartbeatInterval.toMillis(),
				this.heartbeatLiveness, this.maxMessageSize, counters);
		loop.setGate(getGate());
		this.behavior = loop;
		return loop;
	}

	@Override
	protected List<String> currentEndpoints() {
		MajordomoBrokerBehavior loop = this.behavior;
		return (loop != null) ? loop.boundEndpoints() : List.of();
	}

	@Override
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		super.start();
		if (this.companionFactory != null) {
			MajordomoBrokerCompanion companion = this.companionFactory
				.apply(ZmqEndpoint.parse(">" + this.inprocEndpoint, SocketType.DEALER, "companion of broker " + getName()));
			try {
				companion.start(Duration.ofSeconds(10));
			}
			catch (RuntimeException ex) {
				super.stop();
				throw ex;
			}
			this.companion = companion;
		}
	}

	@Override
	public synchronized void stop() {
		MajordomoBrokerCompanion companion = this.companion;
		if (companion != null) {
			companion.stop(this.shutdownTimeout);
			this.companion = null;
		}
		super.stop();
	}

	/** The broker's state; FAILED also when its companion died (health DOWN). */
	@Override
	public ZmqActorState getState() {
		ZmqActorState state = super.getState();
		MajordomoBrokerCompanion companion = this.companion;
		if (companion != null && companion.getState() == ZmqActorState.FAILED && state != ZmqActorState.STOPPED) {
			return ZmqActorState.FAILED;
		}
		return state;
	}

	@Override
	public Throwable getFailure() {
		Throwable failure = super.getFailure();
		MajordomoBrokerCompanion companion = this.companion;
		return (failure == null && companion != null) ? companion.getFailure() : failure;
	}

	/** Idle and busy workers and queued requests over all services, as the other brokers report them. */
	@Override
	public WorkerGauges getWorkerGauges() {
		MajordomoBrokerBehavior loop = this.behavior;
		return (loop != null && isRunning()) ? loop.gauges() : WorkerGauges.NONE;
	}

	@Override
	public Map<String, Object> getDetails() {
		MajordomoBrokerBehavior loop = this.behavior;
		Map<String, Object> details = new LinkedHashMap<>((loop != null) ? loop.details() : Map.of());
		getWorkerGauges().putDetails(details);
		details.put("type", "majordomo");
		MajordomoBrokerCompanion companion = this.companion;
		if (companion != null) {
			details.put(companion.getName(), companion.getDetails());
		}
		return details;
	}

}
