package dev.zmqspring.broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.lifecycle.ZmqActorComponent;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * A broker declared under {@code zmq.brokers.<name>}: the load-balancing broker of Guide ch.3 or
 * the Paranoid Pirate queue of ch.4, one actor each, steerable from the {@code zmq} actuator
 * endpoint. Besides the counters it reports idle and busy workers and queued requests
 * ({@link WorkerGauges}, {@link #getDetails()}), for health and the {@code zmq.broker.*} gauges.
 */
public class ZmqBroker extends ZmqActorComponent implements WorkerGauges.Source {

	/** The management kind of brokers. */
	public static final String KIND = "broker";

	/**
	 * Requests a broker holds while no worker is idle; beyond it the broker stops reading clients and
	 * ZeroMQ's high-water marks push back on them.
	 */
	public static final int MAX_QUEUED_REQUESTS = AbstractWorkerBroker.MAX_QUEUED_REQUESTS;

	private final ZmqBrokerDefinition definition;

	private volatile AbstractWorkerBroker behavior;

	private volatile @Nullable ZmqSecurity peerSecurity;

	/**
	 * Creates a broker; it runs once started.
	 * @param definition what to run
	 * @param factory where sockets come from
	 * @param shutdownTimeout how long stopping may take
	 */
	public ZmqBroker(ZmqBrokerDefinition definition, ZmqSocketFactory factory, Duration shutdownTimeout) {
		super(definition.name(), KIND, factory, shutdownTimeout);
		this.definition = definition;
	}

	/**
	 * The security profile of the sockets a peered load-balancing broker connects to its peers'
	 * state publishers and cloud routers, which are clients of those bound sockets (RFC 26/27); by
	 * default the factory's, which the bound sockets always use.
	 * @param security the profile, e.g. a curve-client with the peers' server key
	 */
	public void setPeerSecurity(ZmqSecurity security) {
		this.peerSecurity = security;
	}

	/** The profile of the bound sockets ({@code bound}) and, with peers, of those to the peers ({@code peers}). */
	@Override
	public Map<String, Object> getSecurity() {
		if (!this.definition.peering().enabled()) {
			return super.getSecurity();
		}
		return ZmqSecurity.describeBoundAndPeer("bound", getFactory().getOptions().security(), "peers",
				this.peerSecurity);
	}

	/** The definition. */
	public ZmqBrokerDefinition getDefinition() {
		return this.definition;
	}

	@Override
	protected ZmqActorBehavior createBehavior(ZmqCounters counters) {
		AbstractWorkerBroker next = switch (this.definition.type()) {
			case LOAD_BALANCING -> new LoadBalancingBroker(this.definition, this.peerSecurity, counters);
			case PARANOID_PIRATE -> new ParanoidPirateQueue(this.definition, counters);
		};
		next.setGate(getGate());
		this.behavior = next;
		return next;
	}

	@Override
	protected List<String> currentEndpoints() {
		AbstractWorkerBroker current = this.behavior;
		return (current != null) ? current.getEndpoints() : List.of();
	}

	@Override
	public WorkerGauges getWorkerGauges() {
		AbstractWorkerBroker current = this.behavior;
		return (current != null && isRunning()) ? current.gauges() : WorkerGauges.NONE;
	}

	/** Workers ready for a request. */
	public int getIdleWorkers() {
		return getWorkerGauges().idleWorkers();
	}

	/** Workers handling a request. */
	public int getBusyWorkers() {
		return getWorkerGauges().busyWorkers();
	}

	/** Requests waiting for an idle worker (at most {@value #MAX_QUEUED_REQUESTS}). */
	public int getQueuedRequests() {
		return getWorkerGauges().queuedRequests();
	}

	/**
	 * The peer brokers this load-balancing broker currently routes to (Guide ch.3 inter-broker
	 * routing) and their last announced idle workers, by name; empty without peering or when stopped.
	 */
	public Map<String, Integer> getPeers() {
		AbstractWorkerBroker current = this.behavior;
		return (current instanceof LoadBalancingBroker lb && isRunning()) ? lb.peers() : Map.of();
	}

	@Override
	public Map<String, Object> getDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("type", this.definition.type().name().toLowerCase(Locale.ROOT).replace('_', '-'));
		getWorkerGauges().putDetails(details);
		if (this.definition.type() == ZmqBrokerType.PARANOID_PIRATE) {
			details.put("heartbeatInterval", this.definition.heartbeatInterval().toString());
			details.put("heartbeatLiveness", this.definition.heartbeatLiveness());
		}
		if (this.definition.peering().enabled()) {
			details.put("stateInterval", this.definition.peering().stateInterval().toString());
			details.put("peers", getPeers());
		}
		return details;
	}

}
