package dev.zmqspring.actor;

/** The life cycle of a {@link ZmqActor}. */
public enum ZmqActorState {

	/** Created, not started. */
	NEW,
	/** Thread started, sockets being opened. */
	STARTING,
	/** Polling its sockets. */
	RUNNING,
	/** Running only its mailbox and timers; input sockets are left unread. */
	PAUSED,
	/** Asked to stop, finishing in-flight work. */
	STOPPING,
	/** Stopped cleanly. */
	STOPPED,
	/** Its thread died from an unexpected error or could not open its sockets. */
	FAILED

}
