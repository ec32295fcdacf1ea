package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqCounters;

/**
 * An actor behavior that is part of a listener container: it reports its endpoints and counters,
 * and can be asked to end its current batch early so that pause and stop commands are seen quickly.
 */
interface ZmqListenerActorBehavior extends ZmqActorBehavior {

	/** The endpoints actually bound or connected, once open. */
	List<String> endpoints();

	/** This actor's counters ({@code null} for actors that only relay). */
	ZmqCounters counters();

	/** Asks the actor to end its current batch (any thread); cleared on resume. */
	default void yieldBatch() {
	}

}
