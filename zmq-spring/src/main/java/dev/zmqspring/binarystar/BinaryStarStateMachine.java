package dev.zmqspring.binarystar;

import java.util.function.Consumer;

import dev.zmqspring.support.ZmqGate;

/**
 * The Binary Star finite-state machine of Guide ch.4 "High-Availability Pair" (Figure 64, the
 * Guide's bstarsrv), as a gate for voting frontends. It holds no socket: the pair's actor feeds it the
 * peer's published states, and every gated frontend asks it, on its own actor thread, whether a client
 * request may be served (the {@code CLIENT_REQUEST} event).
 *
 * <table>
 * <caption>Transitions (anything not listed leaves the state as it is)</caption>
 * <tr><th>state</th><th>event</th><th>next state</th><th>client request</th></tr>
 * <tr><td>PRIMARY</td><td>PEER_BACKUP</td><td>ACTIVE</td><td rowspan="3">served</td></tr>
 * <tr><td>PRIMARY</td><td>PEER_ACTIVE</td><td>PASSIVE</td></tr>
 * <tr><td>PRIMARY</td><td>PEER_PRIMARY</td><td>FATAL (two primaries)</td></tr>
 * <tr><td>BACKUP</td><td>PEER_ACTIVE</td><td>PASSIVE</td><td rowspan="2">dropped</td></tr>
 * <tr><td>BACKUP</td><td>PEER_BACKUP</td><td>FATAL (two backups)</td></tr>
 * <tr><td>ACTIVE</td><td>PEER_ACTIVE</td><td>FATAL (dual active)</td><td>served</td></tr>
 * <tr><td>PASSIVE</td><td>PEER_PRIMARY, PEER_BACKUP</td><td>ACTIVE (the peer restarted)</td><td rowspan="3">dropped,
 * unless the peer has been silent for two heartbeats: then ACTIVE and served</td></tr>
 * <tr><td>PASSIVE</td><td>PEER_PASSIVE</td><td>FATAL (dual passive)</td></tr>
 * <tr><td>PASSIVE</td><td>CLIENT_REQUEST, peer silent</td><td>ACTIVE (failover)</td></tr>
 * </table>
 *
 * <p>The split-brain rule: a passive peer takes over only when a client asks it <em>and</em> the
 * active peer has been silent for two heartbeats; a backup that has never heard an active peer
 * serves nothing. Two peers configured with the same role are a fatal error too (the Guide's
 * programs do not check it). While active or primary the gate is one volatile read; transitions take
 * a lock, and each is reported to the listener (on the thread that caused it).
 */
public final class BinaryStarStateMachine implements ZmqGate {

	private final boolean primary;

	private final long peerTimeoutMillis;

	private final Consumer<Transition> listener;

	private volatile BinaryStarState state;

	private volatile BinaryStarState peerState;

	private volatile long peerExpiry;

	private volatile long lastPeerHeartbeat;

	private volatile String fatalReason;

	private volatile BinaryStarState beforeFatal;

	/**
	 * Creates the machine in its starting state.
	 * @param primary whether this peer is the primary
	 * @param heartbeatMillis the pair's heartbeat; the peer is silent after two
	 * @param listener told of every transition
	 */
	public BinaryStarStateMachine(boolean primary, long heartbeatMillis, Consumer<Transition> listener) {
		this.primary = primary;
		this.state = primary ? BinaryStarState.PRIMARY : BinaryStarState.BACKUP;
		this.peerTimeoutMillis = 2 * heartbeatMillis;
		this.listener = listener;
	}

	/** Back to the starting state, as a peer that has just started (PRIMARY or BACKUP, peer unknown). */
	public synchronized void reset() {
		this.state = this.primary ? BinaryStarState.PRIMARY : BinaryStarState.BACKUP;
		this.peerState = null;
		this.peerExpiry = 0;
		this.lastPeerHeartbeat = 0;
		this.fatalReason = null;
		this.beforeFatal = null;
	}

	/**
	 * The state to publish to the peer: this peer's state, or while fatal the state it was in when it
	 * went fatal, so the peer meets the same conflict and stops serving too (the Guide's bstarsrv
	 * simply exits; a peer that stays up must keep saying what it was).
	 */
	public BinaryStarState publishedState() {
		BinaryStarState current = this.state;
		return (current == BinaryStarState.FATAL) ? this.beforeFatal : current;
	}

	/** This peer's state. */
	public BinaryStarState state() {
		return this.state;
	}

	/** The state the peer published last, or {@code null} before it was heard. */
	public BinaryStarState peerState() {
		return this.peerState;
	}

	/** When the peer was last heard ({@link System#currentTimeMillis()}), 0 before. */
	public long lastPeerHeartbeat() {
		return this.lastPeerHeartbeat;
	}

	/** Why the machine is {@link BinaryStarState#FATAL}, or {@code null}. */
	public String fatalReason() {
		return this.fatalReason;
	}

	/**
	 * The {@code CLIENT_REQUEST} event: may this request be served?
	 * @return whether the peer serves it (and is then PRIMARY or ACTIVE)
	 */
	@Override
	public boolean admit() {
		BinaryStarState current = this.state;
		if (current == BinaryStarState.ACTIVE || current == BinaryStarState.PRIMARY) {
			return true;
		}
		return (current == BinaryStarState.PASSIVE) && clientRequest(System.currentTimeMillis());
	}

	private synchronized boolean clientRequest(long now) {
		if (this.state == BinaryStarState.PASSIVE && this.peerExpiry > 0 && now >= this.peerExpiry) {
			move(BinaryStarState.ACTIVE, "failover: a client asked and the active peer has been silent for "
					+ this.peerTimeoutMillis + " ms");
		}
		return this.state.serves();
	}

	/**
	 * The peer published its state.
	 * @param event the peer's state as an event ({@link BinaryStarEvent#fromPeerState})
	 * @param now the current time in milliseconds
	 */
	public synchronized void peer(BinaryStarEvent event, long now) {
		BinaryStarState previousPeer = this.peerState;
		this.peerState = switch (event) {
			case PEER_PRIMARY -> BinaryStarState.PRIMARY;
			case PEER_BACKUP -> BinaryStarState.BACKUP;
			case PEER_ACTIVE -> BinaryStarState.ACTIVE;
			case PEER_PASSIVE -> BinaryStarState.PASSIVE;
			case CLIENT_REQUEST -> throw new IllegalArgumentException("not a peer state: " + event);
		};
		this.lastPeerHeartbeat = now;
		this.peerExpiry = now + this.peerTimeoutMillis;
		switch (this.state) {
			case PRIMARY -> {
				if (event == BinaryStarEvent.PEER_BACKUP) {
					move(BinaryStarState.ACTIVE, "connected to the backup (passive), ready as active");
				}
				else if (event == BinaryStarEvent.PEER_ACTIVE) {
					move(BinaryStarState.PASSIVE, "connected to the backup (active), ready as passive");
				}
				else if (event == BinaryStarEvent.PEER_PRIMARY) {
					fatal("both peers are configured as primary");
				}
			}
			case BACKUP -> {
				if (event == BinaryStarEvent.PEER_ACTIVE) {
					move(BinaryStarState.PASSIVE, "connected to the primary (active), ready as passive");
				}
				else if (event == BinaryStarEvent.PEER_BACKUP) {
					fatal("both peers are configured as backup");
				}
			}
			case ACTIVE -> {
				if (event == BinaryStarEvent.PEER_ACTIVE) {
					fatal("dual active: the peer is active too");
				}
			}
			case PASSIVE -> {
				if (event == BinaryStarEvent.PEER_PRIMARY) {
					move(BinaryStarState.ACTIVE, "the primary (passive) is restarting, ready as active");
				}
				else if (event == BinaryStarEvent.PEER_BACKUP) {
					move(BinaryStarState.ACTIVE, "the backup (passive) is restarting, ready as active");
				}
				else if (event == BinaryStarEvent.PEER_PASSIVE) {
					fatal("dual passive: the peer is passive too");
				}
			}
			case FATAL -> {
				// stays fatal until restarted
			}
		}
		if (previousPeer != this.peerState && this.state != BinaryStarState.FATAL) {
			this.listener.accept(new Transition(this.state, this.state, previousPeer, this.peerState, "peer is "
					+ this.peerState));
		}
	}

	private void fatal(String reason) {
		this.fatalReason = reason;
		this.beforeFatal = this.state;
		move(BinaryStarState.FATAL, reason);
	}

	private void move(BinaryStarState next, String reason) {
		BinaryStarState previous = this.state;
		this.state = next;
		this.listener.accept(new Transition(previous, next, this.peerState, this.peerState, reason));
	}

	/**
	 * One change: of this peer's state, or only of what the peer said.
	 * @param previous this peer's state before
	 * @param state this peer's state after
	 * @param previousPeer the peer's state before ({@code null} if unknown)
	 * @param peer the peer's state after ({@code null} if unknown)
	 * @param reason why, for logs and events
	 */
	public record Transition(BinaryStarState previous, BinaryStarState state, BinaryStarState previousPeer,
			BinaryStarState peer, String reason) {

		/** Whether this peer's own state changed. */
		public boolean changed() {
			return this.previous != this.state;
		}

	}

}
