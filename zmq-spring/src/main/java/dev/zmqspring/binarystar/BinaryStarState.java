package dev.zmqspring.binarystar;

/**
 * The states of a Binary Star peer (Guide ch.4 "High-Availability Pair", Figure 64). A peer publishes
 * its state to the other as one frame, the state number as decimal text ({@code "1"} to {@code "4"}),
 * as the Guide's bstarsrv does, so a Guide program can be the other half. {@link #FATAL} is not on the
 * wire: it is where a peer goes when both peers are configured with the same role; it serves nothing
 * and keeps publishing the state it had, so its peer stops serving too. Dual active and dual passive,
 * where the Guide's bstarsrv aborts, are resolved instead ({@link BinaryStarStateMachine}).
 */
public enum BinaryStarState {

	/** A primary waiting for its peer; it already serves clients. */
	PRIMARY(1),

	/** A backup waiting for its peer; it serves nothing. */
	BACKUP(2),

	/** The peer that serves clients. */
	ACTIVE(3),

	/** The peer that stands by; it takes over on a client request once the active peer is silent. */
	PASSIVE(4),

	/** Two peers configured with the same role: serves nothing until restarted. */
	FATAL(0);

	private final int wire;

	BinaryStarState(int wire) {
		this.wire = wire;
	}

	/** The number a peer publishes for this state, 0 for {@link #FATAL} (never published). */
	public int wireValue() {
		return this.wire;
	}

	/** Whether a peer in this state serves client requests (ACTIVE, and PRIMARY while it waits). */
	public boolean serves() {
		return this == ACTIVE || this == PRIMARY;
	}

}
