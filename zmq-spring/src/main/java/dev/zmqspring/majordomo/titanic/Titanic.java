package dev.zmqspring.majordomo.titanic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.majordomo.MajordomoBrokerCompanion;

/**
 * Titanic (Guide ch.4 "Disconnected Reliability (Titanic Pattern)", spec 9/TSP) next to a Majordomo
 * broker: the {@link TitanicBehavior} on its own actor, storing requests in a {@link TitanicStore}.
 * Started and stopped by {@link dev.zmqspring.majordomo.MajordomoBroker} when
 * {@code zmq.brokers.<name>.titanic.enabled} is set.
 */
public final class Titanic implements MajordomoBrokerCompanion {

	private final ZmqActor actor;

	private final TitanicBehavior behavior;

	private final ZmqCounters counters = new ZmqCounters();

	/**
	 * Creates Titanic for a broker.
	 * @param brokerName the broker's name (for the thread name)
	 * @param factory the socket factory
	 * @param directory where requests and replies are stored
	 * @param broker where the broker is reachable (its inproc endpoint)
	 * @param heartbeat the broker's heartbeat interval
	 * @param liveness the broker's heartbeat liveness
	 */
	public Titanic(String brokerName, ZmqSocketFactory factory, Path directory, List<ZmqEndpoint> broker,
			Duration heartbeat, int liveness) {
		this.behavior = new TitanicBehavior(new TitanicStore(directory), broker, heartbeat, liveness, this.counters);
		this.actor = new ZmqActor("titanic-" + brokerName, factory, this.behavior);
	}

	@Override
	public String getName() {
		return "titanic";
	}

	/**
	 * Starts the actor: registers the three services and resumes stored requests.
	 * @param timeout how long opening may take
	 */
	@Override
	public void start(Duration timeout) {
		this.actor.start(timeout);
	}

	/**
	 * Stops the actor.
	 * @param timeout how long stopping may take
	 */
	@Override
	public void stop(Duration timeout) {
		this.actor.stop(timeout);
	}

	/** The state of the Titanic actor. */
	@Override
	public ZmqActorState getState() {
		return this.actor.getState();
	}

	/** Why the Titanic actor failed, or {@code null}. */
	@Override
	public Throwable getFailure() {
		return this.actor.getFailure();
	}

	/** Directory, pending requests and dispatched count, for the broker's health details. */
	@Override
	public Map<String, Object> getDetails() {
		Map<String, Object> details = this.behavior.details();
		details.put("state", this.actor.getState().name());
		return details;
	}

	/** Counters of the three Titanic services. */
	public ZmqCounters getCounters() {
		return this.counters;
	}

}
