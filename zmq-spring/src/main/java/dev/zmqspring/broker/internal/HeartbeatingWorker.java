package dev.zmqspring.broker.internal;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;

/**
 * A worker actor whose life is one {@link HeartbeatingConnection} to its broker (Guide ch.4: the
 * Paranoid Pirate worker and the Majordomo worker): opening the actor connects, and the actor's timer
 * is the connection's heartbeat, liveness and reconnect timer. Subclasses are the protocols.
 */
public abstract class HeartbeatingWorker implements ZmqActorBehavior {

	/** The connection this worker runs (the same instance every time). */
	protected abstract HeartbeatingConnection connection();

	@Override
	public void open(ZmqActorLoop loop) {
		connection().open(loop);
	}

	@Override
	public final long nextTimerMillis() {
		return connection().nextTimerMillis();
	}

	@Override
	public final void onTimer(long now) {
		connection().onTimer(now);
	}

}
