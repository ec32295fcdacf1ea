package dev.zmqspring.binarystar;

import org.springframework.context.ApplicationEvent;

/**
 * Published when this Binary Star peer changes state (Guide ch.4 "High-Availability Pair"): it became
 * active (it serves clients now), passive (it stands by), or fatal (dual active, dual passive, or both
 * peers with one role: it serves nothing). Published on the thread that caused the change (the pair's
 * actor, or a frontend's actor for a failover), so listeners should be quick or {@code @Async}.
 */
public class BinaryStarStateChangedEvent extends ApplicationEvent {

	private final BinaryStarState previous;

	private final BinaryStarState state;

	private final String reason;

	/**
	 * Creates the event.
	 * @param source the pair
	 * @param previous the state before
	 * @param state the state now
	 * @param reason why
	 */
	public BinaryStarStateChangedEvent(BinaryStar source, BinaryStarState previous, BinaryStarState state,
			String reason) {
		super(source);
		this.previous = previous;
		this.state = state;
		this.reason = reason;
	}

	/** The pair whose state changed. */
	public BinaryStar getBinaryStar() {
		return (BinaryStar) getSource();
	}

	/** The state before. */
	public BinaryStarState getPrevious() {
		return this.previous;
	}

	/** The state now. */
	public BinaryStarState getState() {
		return this.state;
	}

	/** Why it changed. */
	public String getReason() {
		return this.reason;
	}

	/** Whether this peer became active. */
	public boolean isActive() {
		return this.state == BinaryStarState.ACTIVE;
	}

	/** Whether this peer became passive. */
	public boolean isPassive() {
		return this.state == BinaryStarState.PASSIVE;
	}

	/** Whether this peer became fatal. */
	public boolean isFatal() {
		return this.state == BinaryStarState.FATAL;
	}

	@Override
	public String toString() {
		return "BinaryStarStateChangedEvent[" + this.previous + " -> " + this.state + ": " + this.reason + "]";
	}

}
