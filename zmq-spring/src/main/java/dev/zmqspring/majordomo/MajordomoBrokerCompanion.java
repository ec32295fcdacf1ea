package dev.zmqspring.majordomo;

import java.time.Duration;
import java.util.Map;

import dev.zmqspring.actor.ZmqActorState;

/**
 * A service that runs beside a {@link MajordomoBroker} and reaches it over the broker's inproc
 * endpoint, started after the broker and stopped before it: Titanic (Guide ch.4 "Disconnected
 * Reliability", spec 9/TSP) is one. The broker reports a failed companion as its own failure (health
 * DOWN) and shows the companion's details under {@link #getName()}.
 *
 * <p>The broker creates a fresh companion for every start through a factory given the broker's
 * inproc endpoint, so a restarted broker gets a restarted companion.
 */
public interface MajordomoBrokerCompanion {

	/** The key of the companion's details in the broker's details, e.g. {@code titanic}. */
	String getName();

	/**
	 * Starts the companion.
	 * @param timeout how long opening may take
	 */
	void start(Duration timeout);

	/**
	 * Stops the companion.
	 * @param timeout how long stopping may take
	 */
	void stop(Duration timeout);

	/** The companion's state. */
	ZmqActorState getState();

	/** Why the companion failed, or {@code null}. */
	Throwable getFailure();

	/** Details for the broker's health and the {@code zmq} endpoint. */
	Map<String, Object> getDetails();

}
