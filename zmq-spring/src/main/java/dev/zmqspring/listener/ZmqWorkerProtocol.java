package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.actor.ZmqActorBehavior;

/**
 * A broker worker protocol that a {@code @ZmqWorker} method can speak instead of a plain socket:
 * Paranoid Pirate (spec 6/PPP), load-balancing READY (Guide ch.3) or Majordomo (spec 7/MDP). Declared
 * as beans by the auto-configuration of each broker family; the listener layer picks one by
 * {@link #getName()} and runs each worker it creates on its own actor, so the worker appears in the
 * listener registry, health and metrics like any other listener.
 */
public interface ZmqWorkerProtocol {

	/**
	 * The name selected by {@code @ZmqWorker(protocol = ...)}; {@code "majordomo"} is selected by
	 * {@code @ZmqWorker(service = ...)}.
	 * @return the protocol name
	 */
	String getName();

	/**
	 * Validates a definition at startup; throw with a message naming {@code definition.source()}.
	 * @param definition the worker definition
	 */
	default void validate(ZmqWorkerDefinition definition) {
	}

	/**
	 * The endpoints a worker of this definition talks to that the definition does not name itself
	 * (such as a default broker), for the management view only.
	 * @param definition the worker definition
	 * @return the endpoints, empty by default
	 */
	default List<String> defaultEndpoints(ZmqWorkerDefinition definition) {
		return List.of();
	}

	/**
	 * Creates the behavior of one worker.
	 * @param definition the worker definition
	 * @param handler the handler to call per request, on the worker's actor thread
	 * @return the behavior to run on a new actor
	 */
	ZmqActorBehavior createWorker(ZmqWorkerDefinition definition, ZmqRequestHandler handler);

}
