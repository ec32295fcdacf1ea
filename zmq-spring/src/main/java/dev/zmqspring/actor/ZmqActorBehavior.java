package dev.zmqspring.actor;

/**
 * What an actor does. Every method is called on the actor's own thread, so the sockets a behavior
 * creates in {@link #open} are confined to that thread for their whole life (Guide ch.2
 * "Multithreading with ZeroMQ").
 *
 * <p>A behavior registers its sockets with the {@link ZmqActorLoop} and reacts when they are
 * readable; it may ask for timer callbacks (heartbeats, Lazy Pirate timeouts) through
 * {@link #nextTimerMillis}. Exceptions that escape a callback stop the actor and mark it failed
 * (health DOWN), so a behavior handles the errors it can survive itself.
 */
public interface ZmqActorBehavior {

	/**
	 * Creates and attaches the sockets and registers them with the loop. An exception here fails the
	 * actor's start and is rethrown to the thread that started it (e.g. "address already in use").
	 * @param loop the actor's loop
	 * @throws Exception if the behavior cannot start
	 */
	void open(ZmqActorLoop loop) throws Exception;

	/**
	 * The absolute time (as {@link System#currentTimeMillis()}) at which {@link #onTimer} should
	 * next run, or {@code -1} for none. Called before every poll.
	 * @return the deadline or {@code -1}
	 */
	default long nextTimerMillis() {
		return -1;
	}

	/**
	 * Called when the deadline from {@link #nextTimerMillis} has passed.
	 * @param now the current time in milliseconds
	 */
	default void onTimer(long now) {
	}

	/** Called when the actor is paused: input sockets are no longer polled. */
	default void onPause() {
	}

	/** Called when the actor resumes polling its input sockets. */
	default void onResume() {
	}

	/**
	 * Called once when the actor is asked to stop, before its sockets close. A behavior may finish
	 * in-flight work here (e.g. send pending replies) but must not block for long.
	 */
	default void onStop() {
	}

	/**
	 * Called last, on the actor thread, after the loop ended for whatever reason. Sockets registered
	 * through {@link ZmqActorLoop#socket} are closed by the loop right after this returns.
	 */
	default void onClose() {
	}

	/**
	 * The counters this behavior reports, if any: the actor counts its bound sockets' connections and
	 * refused frame claims into them too (see docs/network.md).
	 * @return the counters or {@code null}
	 */
	default ZmqCounters counters() {
		return null;
	}

}
