package dev.zmqspring.binarystar;

import org.springframework.context.ApplicationEvent;

/**
 * Published when this Binary Star peer changes state (Guide ch.4 "High-Availability Pair"): it became
 * active (it serves clients now), passive (it stands by), or fatal (both peers with one role: it
 * serves nothing); also when it notices that its process was paused, when its state is current again,
 * and when it resolves a dual active or dual passive ({@link #getKind()}). Published on the thread that
 * caused the change (the pair's actor, or a frontend's actor for a failover or a noticed pause), so
 * listeners should be quick or {@code @Async}.
 */
public class BinaryStarStateChangedEvent extends ApplicationEvent {

	private final BinaryStarState previous;

	private final BinaryStarState state;

	private final String reason;

	private final BinaryStarStateMachine.Kind kind;

	/**
	 * Creates the event.
	 * @param source the pair
	 * @param previous the state before
	 * @param state the state now
	 * @param reason why
	 */
	public BinaryStarStateChangedEvent(BinaryStar source, BinaryStarState previous, BinaryStarState state,
			String reason) {
		this(source, previous, state, reason, BinaryStarStateMachine.Kind.STATE);
	}

	/**
	 * Creates the event for a pause noticed or over, or a dual active resolved (the state may be
	 * unchanged).
	 * @param source the pair
	 * @param previous the state before
	 * @param state the state now
	 * @param reason why
	 * @param kind what happened
	 */
	public BinaryStarStateChangedEvent(BinaryStar source, BinaryStarState previous, BinaryStarState state,
			String reason, BinaryStarStateMachine.Kind kind) {
		super(source);
		this.previous = previous;
		this.state = state;
		this.reason = reason;
		this.kind = kind;
	}

	/**
	 * What happened: a state change ({@code STATE}), a pause of this process noticed ({@code PAUSED}:
	 * it serves nothing until it hears the peer), the end of that ({@code RESUMED}), or a dual active
	 * resolved ({@code RESOLVED}: a change of state when this peer steps down or takes over, none when it
	 * stays active).
	 */
	public BinaryStarStateMachine.Kind getKind() {
		return this.kind;
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

	/** Whether this peer's state changed (not so for a pause noticed or over, or a dual active it stays in). */
	public boolean isChange() {
		return this.previous != this.state;
	}

	/** Whether this peer became active. */
	public boolean isActive() {
		return isChange() && this.state == BinaryStarState.ACTIVE;
	}

	/** Whether this peer became passive (also when it stepped down from a dual active). */
	public boolean isPassive() {
		return isChange() && this.state == BinaryStarState.PASSIVE;
	}

	/** Whether this peer noticed that its process was paused: its state is stale, it serves nothing. */
	public boolean isPaused() {
		return this.kind == BinaryStarStateMachine.Kind.PAUSED;
	}

	/** Whether this peer became fatal. */
	public boolean isFatal() {
		return isChange() && this.state == BinaryStarState.FATAL;
	}

	@Override
	public String toString() {
		return "BinaryStarStateChangedEvent[" + this.kind + " " + this.previous + " -> " + this.state + ": "
				+ this.reason + "]";
	}

}
