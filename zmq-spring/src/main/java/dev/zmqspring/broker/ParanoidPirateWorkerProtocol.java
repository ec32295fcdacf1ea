package dev.zmqspring.broker;

import java.time.Duration;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.listener.ZmqWorkerProtocol;

/**
 * The worker protocol {@code @ZmqWorker(protocol = "paranoid-pirate")}: each worker is a
 * {@link ParanoidPirateWorker} (Guide ch.4, spec 6/PPP) connected to the {@code endpoints} of the
 * annotation, which name the queue's backend. The heartbeat interval must match the queue's
 * ({@code zmq.brokers.<name>.heartbeat-interval}, or the Guide's ppqueue). The defaults are the
 * Guide's ppworker: 1000 ms heartbeats, liveness 3, reconnect after 1 s doubling up to 32 s; the
 * auto-configured bean takes {@code zmq.paranoid-pirate.*} (heartbeat-interval, heartbeat-liveness,
 * reconnect-initial, reconnect-max).
 */
public class ParanoidPirateWorkerProtocol implements ZmqWorkerProtocol {

	/** The protocol name. */
	public static final String NAME = "paranoid-pirate";

	private final Duration heartbeatInterval;

	private final int heartbeatLiveness;

	private final Duration reconnectInitial;

	private final Duration reconnectMax;

	/**
	 * Creates the protocol with the settings of the Guide's ppworker (and ppqueue): 1000 ms heartbeats,
	 * liveness 3, reconnect 1 s doubling to 32 s.
	 */
	public ParanoidPirateWorkerProtocol() {
		this(Duration.ofSeconds(1), 3, Duration.ofSeconds(1), Duration.ofSeconds(32));
	}

	/**
	 * Creates the protocol.
	 * @param heartbeatInterval how often the worker heartbeats (and expects the queue to)
	 * @param heartbeatLiveness intervals of silence after which the queue is considered dead
	 * @param reconnectInitial the first wait before reconnecting
	 * @param reconnectMax the cap of the doubling wait
	 */
	public ParanoidPirateWorkerProtocol(Duration heartbeatInterval, int heartbeatLiveness, Duration reconnectInitial,
			Duration reconnectMax) {
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || heartbeatLiveness < 1
				|| reconnectInitial.isNegative() || reconnectMax.compareTo(reconnectInitial) < 0) {
			throw new IllegalArgumentException("Invalid Paranoid Pirate settings: interval " + heartbeatInterval
					+ ", liveness " + heartbeatLiveness + ", reconnect " + reconnectInitial + ".." + reconnectMax);
		}
		this.heartbeatInterval = heartbeatInterval;
		this.heartbeatLiveness = heartbeatLiveness;
		this.reconnectInitial = reconnectInitial;
		this.reconnectMax = reconnectMax;
	}

	@Override
	public String getName() {
		return NAME;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public int getHeartbeatLiveness() {
		return this.heartbeatLiveness;
	}

	public Duration getReconnectInitial() {
		return this.reconnectInitial;
	}

	public Duration getReconnectMax() {
		return this.reconnectMax;
	}

	@Override
	public void validate(ZmqWorkerDefinition definition) {
		if (definition.endpoints().isEmpty()) {
			throw new IllegalStateException(definition.source() + ": @ZmqWorker(protocol = \"" + NAME
					+ "\") needs endpoints: the Paranoid Pirate queue's backend, e.g. \"tcp://localhost:5556\"");
		}
	}

	@Override
	public ZmqActorBehavior createWorker(ZmqWorkerDefinition definition, ZmqRequestHandler handler) {
		validate(definition);
		return new ParanoidPirateWorker(definition, handler, this);
	}

}
