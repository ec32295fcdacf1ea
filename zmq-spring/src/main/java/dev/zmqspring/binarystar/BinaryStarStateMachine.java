package dev.zmqspring.binarystar;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * <tr><td>ACTIVE</td><td>PEER_ACTIVE</td><td>PASSIVE if the peer became active after this peer (it was
 * heard inactive since this peer's promotion), else ACTIVE (the backup steps down if both stay for two
 * heartbeats)</td><td>served</td></tr>
 * <tr><td>PASSIVE</td><td>PEER_PRIMARY, PEER_BACKUP</td><td>ACTIVE (the peer restarted)</td><td rowspan="3">dropped,
 * unless the peer has been silent for two heartbeats: then ACTIVE and served</td></tr>
 * <tr><td>PASSIVE</td><td>PEER_PASSIVE</td><td>ACTIVE if primary (dual passive), else PASSIVE</td></tr>
 * <tr><td>PASSIVE</td><td>CLIENT_REQUEST, peer silent</td><td>ACTIVE (failover)</td></tr>
 * </table>
 *
 * <p>The split-brain rule: a passive peer takes over only when a client asks it <em>and</em> the
 * active peer has been silent for two heartbeats; a backup that has never heard an active peer
 * serves nothing. Two peers configured with the same role are fatal (the Guide's programs do not
 * check it); dual active and dual passive are resolved instead (the Guide aborts), because a paused
 * process causes them (decision record 0041).
 *
 * <p><b>Pauses.</b> The pair's actor {@linkplain #tick ticks} every heartbeat. A gap of more than two
 * heartbeats between ticks (the peer's failover threshold) means this process was frozen (SIGSTOP, a
 * long GC pause, a suspended VM): its state is <em>stale</em>, because the peer may have taken over
 * meanwhile. A stale peer serves nothing and publishes nothing until it has heard the peer at least
 * one heartbeat after the pause (so what it hears was sent after the pause), or until two heartbeats
 * pass without hearing it; requests refused while stale are counted ({@link #staleDiscarded()}). The
 * gate itself looks at the clock too, so a frontend thread that runs before the pair's actor after a
 * pause does not serve what queued during it. While active or primary the gate is two volatile reads
 * and a clock read; transitions take a lock, and each is reported to the listener (on the thread that
 * caused it).
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

	private final long heartbeatNanos;

	/** When the pair's actor last ticked ({@link System#nanoTime()}), 0 while it does not tick. */
	private volatile long lastTick;

	/** When a pause was noticed ({@link System#nanoTime()}), 0 while the state is current. */
	private volatile long staleSince;

	/** Whether the peer was heard since {@link #staleSince}. */
	private boolean heardSinceStale;

	/** Whether the peer was heard in a state other than ACTIVE since this peer last became ACTIVE. */
	private boolean peerInactiveSincePromotion;

	/** When this peer (ACTIVE) first heard an ACTIVE peer it did not step down for, 0 if not. */
	private long dualActiveSince;

	private final AtomicLong pauses = new AtomicLong();

	private final AtomicLong staleDiscarded = new AtomicLong();

	private final AtomicLong dualActiveResolved = new AtomicLong();

	private volatile String lastResolution;

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
		this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis);
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
		this.lastTick = 0;
		this.staleSince = 0;
		this.heardSinceStale = false;
		this.peerInactiveSincePromotion = false;
		this.dualActiveSince = 0;
	}

	/**
	 * The state to publish to the peer: this peer's state, or while fatal the state it was in when it
	 * went fatal, so the peer meets the same conflict and stops serving too (the Guide's bstarsrv
	 * simply exits; a peer that stays up must keep saying what it was); {@code null} (publish nothing)
	 * while the state is stale after a pause.
	 */
	public BinaryStarState publishedState() {
		if (this.staleSince != 0) {
			return null;
		}
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
	 * @return whether the peer serves it (and is then PRIMARY or ACTIVE, with a current state)
	 */
	@Override
	public boolean admit() {
		return admit(System.nanoTime(), System.currentTimeMillis());
	}

	boolean admit(long nanos, long now) {
		if (stale(nanos)) {
			this.staleDiscarded.incrementAndGet();
			return false;
		}
		BinaryStarState current = this.state;
		if (current == BinaryStarState.ACTIVE || current == BinaryStarState.PRIMARY) {
			return true;
		}
		return (current == BinaryStarState.PASSIVE) && clientRequest(now);
	}

	private synchronized boolean clientRequest(long now) {
		if (this.state == BinaryStarState.PASSIVE && this.peerExpiry > 0 && now >= this.peerExpiry) {
			move(BinaryStarState.ACTIVE, "failover: a client asked and the active peer has been silent for "
					+ this.peerTimeoutMillis + " ms");
		}
		return this.state.serves();
	}

	/**
	 * The pair's actor ticked (every heartbeat, on its own thread): notices a pause (a gap of more than
	 * two heartbeats since the last tick), and ends a stale period in which the peer was not heard for
	 * two heartbeats.
	 * @param nanos the current {@link System#nanoTime()}
	 */
	public synchronized void tick(long nanos) {
		stale(nanos);
		this.lastTick = nanos;
		long since = this.staleSince;
		if (since != 0 && nanos - since >= 2 * this.heartbeatNanos) {
			current("the peer was not heard for " + this.peerTimeoutMillis + " ms after the pause"
					+ (this.heardSinceStale ? " (only what it sent during the pause)" : "") + "; this peer is "
					+ this.state);
		}
	}

	/** The pair's actor stopped ticking (it stops): the gate no longer watches the clock. */
	public void stopTicking() {
		this.lastTick = 0;
	}

	/** Whether the state is stale: a pause was noticed (now or before) and the peer has not been heard since. */
	private boolean stale(long nanos) {
		long tick = this.lastTick;
		if (tick != 0 && nanos - tick > 2 * this.heartbeatNanos) {
			paused(nanos, tick);
			return true;
		}
		return this.staleSince != 0;
	}

	private synchronized void paused(long nanos, long tick) {
		if (this.staleSince != 0 || this.lastTick != tick) {
			return;
		}
		this.staleSince = nanos;
		this.heardSinceStale = false;
		this.pauses.incrementAndGet();
		this.listener.accept(new Transition(this.state, this.state, this.peerState, this.peerState,
				"paused for " + TimeUnit.NANOSECONDS.toMillis(nanos - tick) + " ms (more than "
						+ this.peerTimeoutMillis + " ms between heartbeats): serving nothing until the peer is heard",
				Kind.PAUSED));
	}

	private void current(String reason) {
		this.staleSince = 0;
		this.listener.accept(new Transition(this.state, this.state, this.peerState, this.peerState, reason,
				Kind.RESUMED));
	}

	/** Whether the state is stale after a pause (serving nothing until the peer is heard). */
	public boolean isStale() {
		return this.staleSince != 0;
	}

	/** How many pauses (gaps of more than two heartbeats between the actor's ticks) were noticed. */
	public long pauses() {
		return this.pauses.get();
	}

	/** How many client requests were refused because the state was stale after a pause. */
	public long staleDiscarded() {
		return this.staleDiscarded.get();
	}

	/** How many times a dual active was resolved by this peer (stepping down or staying). */
	public long dualActiveResolved() {
		return this.dualActiveResolved.get();
	}

	/** How the last dual active (or dual passive) was resolved here, or {@code null}. */
	public String lastResolution() {
		return this.lastResolution;
	}

	/**
	 * The peer published its state.
	 * @param event the peer's state as an event ({@link BinaryStarEvent#fromPeerState})
	 * @param now the current time in milliseconds
	 */
	public void peer(BinaryStarEvent event, long now) {
		peer(event, now, System.nanoTime());
	}

	synchronized void peer(BinaryStarEvent event, long now, long nanos) {
		stale(nanos);
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
		if (event != BinaryStarEvent.PEER_ACTIVE) {
			this.peerInactiveSincePromotion = true;
			this.dualActiveSince = 0;
		}
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
					dualActive(now);
				}
			}
			case PASSIVE -> {
				if (event == BinaryStarEvent.PEER_PRIMARY) {
					move(BinaryStarState.ACTIVE, "the primary (passive) is restarting, ready as active");
				}
				else if (event == BinaryStarEvent.PEER_BACKUP) {
					move(BinaryStarState.ACTIVE, "the backup (passive) is restarting, ready as active");
				}
				else if (event == BinaryStarEvent.PEER_PASSIVE && this.primary) {
					resolved(BinaryStarState.ACTIVE, "dual passive: the primary takes over");
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
		long since = this.staleSince;
		if (since != 0) {
			this.heardSinceStale = true;
			if (nanos - since >= this.heartbeatNanos) {
				current("heard the peer after the pause: it is " + this.peerState + ", this peer is " + this.state);
			}
		}
	}

	/**
	 * Both peers are active: the one whose promotion is the most recent stays. This peer knows the peer
	 * became active after it did when it heard the peer inactive since its own promotion (the peer took
	 * over while this peer was paused or cut off); then it steps down. Otherwise this peer took over from
	 * the active peer and stays, and the peer, evaluating the same rule, steps down; should both stay
	 * for two heartbeats (each took over from the other, a state neither could see), the backup steps
	 * down.
	 */
	private void dualActive(long now) {
		if (this.peerInactiveSincePromotion) {
			String reason = "dual active: the peer became active after this peer did, so this peer steps down";
			resolved(BinaryStarState.PASSIVE, reason);
			return;
		}
		if (this.dualActiveSince == 0) {
			this.dualActiveSince = now;
			resolved(BinaryStarState.ACTIVE, "dual active: this peer took over from the active peer and stays active");
		}
		else if (!this.primary && now - this.dualActiveSince > this.peerTimeoutMillis) {
			String reason = "dual active for " + (now - this.dualActiveSince) + " ms: the backup steps down";
			resolved(BinaryStarState.PASSIVE, reason);
		}
	}

	/** A dual active or dual passive settled: reported once, as a change of state if there is one. */
	private void resolved(BinaryStarState next, String how) {
		this.dualActiveResolved.incrementAndGet();
		this.lastResolution = how;
		move(next, how, Kind.RESOLVED);
	}

	private void fatal(String reason) {
		this.fatalReason = reason;
		this.beforeFatal = this.state;
		move(BinaryStarState.FATAL, reason);
	}

	private void move(BinaryStarState next, String reason) {
		move(next, reason, Kind.STATE);
	}

	private void move(BinaryStarState next, String reason, Kind kind) {
		BinaryStarState previous = this.state;
		if (next == BinaryStarState.ACTIVE && previous != BinaryStarState.ACTIVE) {
			this.peerInactiveSincePromotion = this.peerState != BinaryStarState.ACTIVE;
			this.dualActiveSince = 0;
		}
		this.state = next;
		this.listener.accept(new Transition(previous, next, this.peerState, this.peerState, reason, kind));
	}

	/**
	 * One change: of this peer's state, or only of what the peer said, or a pause noticed or over, or a
	 * dual active or passive resolved.
	 * @param previous this peer's state before
	 * @param state this peer's state after
	 * @param previousPeer the peer's state before ({@code null} if unknown)
	 * @param peer the peer's state after ({@code null} if unknown)
	 * @param reason why, for logs and events
	 * @param kind what happened
	 */
	public record Transition(BinaryStarState previous, BinaryStarState state, BinaryStarState previousPeer,
			BinaryStarState peer, String reason, Kind kind) {

		Transition(BinaryStarState previous, BinaryStarState state, BinaryStarState previousPeer,
				BinaryStarState peer, String reason) {
			this(previous, state, previousPeer, peer, reason, Kind.STATE);
		}

		/** Whether this peer's own state changed. */
		public boolean changed() {
			return this.previous != this.state;
		}

	}

	/** What a {@link Transition} reports. */
	public enum Kind {

		/** A state change, or a change of what the peer said. */
		STATE,

		/** A pause was noticed: the state is stale and nothing is served. */
		PAUSED,

		/** The state is current again after a pause. */
		RESUMED,

		/**
		 * A dual active or dual passive was resolved: this peer steps down or takes over (a change of
		 * state), or stays active (no change).
		 */
		RESOLVED

	}

}
