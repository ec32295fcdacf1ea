package dev.zmqspring.lifecycle;

import java.util.List;
import java.util.Map;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.ZmqCounters;

/**
 * The management view of a looping component (listener container, proxy, broker): what the
 * {@code zmq} health indicator, the {@code zmq} actuator endpoint and the Micrometer binder read, and
 * what their write operations steer. Implementations delegate to their {@link ZmqActor}s.
 */
public interface ZmqManagedComponent {

	/** The component's name (listener id, proxy or broker name). */
	String getName();

	/** The kind: {@code listener}, {@code proxy} or {@code broker}. */
	String getKind();

	/** The combined state of the component's actors. */
	ZmqActorState getState();

	/** Why the component failed, or {@code null}. */
	Throwable getFailure();

	/** The endpoints actually bound or connected (ephemeral ports resolved). */
	List<String> getEndpoints();

	/** The counters, summed over the component's actors. */
	ZmqCounters getCounters();

	/** Extra details for health and the endpoint (e.g. broker workers and queued requests). */
	default Map<String, Object> getDetails() {
		return Map.of();
	}

	/**
	 * The security profile and mechanism of the component's sockets (RFC 26/27), for health and the
	 * endpoint; empty without security. Never a key.
	 */
	default Map<String, Object> getSecurity() {
		return Map.of();
	}

	/** Whether the component contributes to health (per-component opt-out). */
	default boolean isHealthEnabled() {
		return true;
	}

	/** Starts the component (again). */
	void start();

	/** Stops the component; in-flight work finishes within the shutdown timeout. */
	void stop();

	/** Pauses reading input. */
	void pause();

	/** Resumes reading input. */
	void resume();

}
