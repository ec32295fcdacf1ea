package dev.zmqspring.actor.internal;

import java.util.List;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;

/**
 * Several behaviors on one actor (Guide ch.2: one thread may own many sockets): each part opens its
 * own sockets, keeps its own timer, and hears every life-cycle callback, so a component made of
 * parts — Titanic's three Majordomo workers and its dispatcher (Guide ch.4 "Disconnected
 * Reliability") — is the parts composed instead of one behavior that merges their timers by hand.
 * The parts share the thread, so they may share state without locking.
 *
 * <p>Parts open in order and close in reverse order; the actor's next timer is the earliest of the
 * parts', and when it is due every part whose own deadline has passed runs its timer.
 */
public final class ZmqCompositeBehavior implements ZmqActorBehavior {

	private final ZmqActorBehavior[] parts;

	/**
	 * Composes behaviors.
	 * @param parts the behaviors, in opening order
	 */
	public ZmqCompositeBehavior(List<? extends ZmqActorBehavior> parts) {
		this.parts = parts.toArray(new ZmqActorBehavior[0]);
	}

	@Override
	public void open(ZmqActorLoop loop) throws Exception {
		for (ZmqActorBehavior part : this.parts) {
			part.open(loop);
		}
	}

	@Override
	public long nextTimerMillis() {
		long next = -1;
		for (ZmqActorBehavior part : this.parts) {
			long due = part.nextTimerMillis();
			if (due >= 0 && (next < 0 || due < next)) {
				next = due;
			}
		}
		return next;
	}

	@Override
	public void onTimer(long now) {
		for (ZmqActorBehavior part : this.parts) {
			long due = part.nextTimerMillis();
			if (due >= 0 && due <= now) {
				part.onTimer(now);
			}
		}
	}

	@Override
	public void onPause() {
		for (ZmqActorBehavior part : this.parts) {
			part.onPause();
		}
	}

	@Override
	public void onResume() {
		for (ZmqActorBehavior part : this.parts) {
			part.onResume();
		}
	}

	@Override
	public void onStop() {
		for (ZmqActorBehavior part : this.parts) {
			part.onStop();
		}
	}

	@Override
	public void onClose() {
		RuntimeException first = null;
		for (int i = this.parts.length - 1; i >= 0; i--) {
			try {
				this.parts[i].onClose();
			}
			catch (RuntimeException ex) {
				if (first == null) {
					first = ex;
				}
			}
		}
		if (first != null) {
			throw first;
		}
	}

}
