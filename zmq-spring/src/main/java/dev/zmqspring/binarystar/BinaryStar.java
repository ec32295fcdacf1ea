package dev.zmqspring.binarystar;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.lifecycle.ZmqActorComponent;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * One peer of a Binary Star pair (Guide ch.4 "High-Availability Pair"): a primary and a backup that
 * tell each other their state every heartbeat, so exactly one of them serves clients and the other
 * takes over when it dies. The pair's {@link #gate()} is handed to every voting frontend it gates
 * (brokers, queue proxies, request-reply listeners with {@code binaryStar}): while this peer is
 * passive those frontends drop client requests, so a client's Lazy Pirate retry goes to the other
 * peer.
 *
 * <p>The state machine is {@link BinaryStarStateMachine}'s (the Guide's, plus a fatal state for two
 * peers with one role); state changes are logged and published as
 * {@link BinaryStarStateChangedEvent}s, as are a pause of this process noticed, the end of it, and a
 * dual active resolved. The component is DOWN in health while fatal, and while the peer has not been
 * heard for its grace period after start. Wire-compatible with the Guide's bstarsrv: state messages
 * are one frame, the state number as decimal text.
 */
public class BinaryStar extends ZmqActorComponent {

	private static final Log logger = LogFactory.getLog(BinaryStar.class);

	private final boolean primary;

	private final List<ZmqEndpoint> local;

	private final List<ZmqEndpoint> remote;

	private final Duration heartbeat;

	private final Duration peerGrace;

	private final ApplicationEventPublisher publisher;

	private final BinaryStarStateMachine machine;

	private volatile BinaryStarBehavior behavior;

	private volatile @Nullable ZmqSecurity peerSecurity;

	private volatile long startedAt;

	private volatile boolean peerSilent;

	private final java.util.concurrent.atomic.AtomicLong transitions = new java.util.concurrent.atomic.AtomicLong();

	/**
	 * Creates a peer; nothing is bound until {@link #start()}.
	 * @param factory the socket factory
	 * @param primary whether this peer is the primary (else the backup)
	 * @param local where this peer's state publisher binds
	 * @param remote where the other peer's state publisher is (connects)
	 * @param heartbeat how often states are published; the peer is silent after two
	 * @param peerGrace how long after start an unheard peer is still healthy
	 * @param shutdownTimeout how long stopping may take
	 * @param publisher where state changes are published, or {@code null}
	 */
	public BinaryStar(ZmqSocketFactory factory, boolean primary, List<ZmqEndpoint> local, List<ZmqEndpoint> remote,
			Duration heartbeat, Duration peerGrace, Duration shutdownTimeout, ApplicationEventPublisher publisher) {
		super("binaryStar", "binary-star", factory, shutdownTimeout);
		this.primary = primary;
		this.local = local;
		this.remote = remote;
		this.heartbeat = heartbeat;
		this.peerGrace = peerGrace;
		this.publisher = publisher;
		this.machine = new BinaryStarStateMachine(primary, heartbeat.toMillis(), this::onTransition);
	}

	/**
	 * The security profile of the socket that subscribes to the peer's state publisher, a client of
	 * the peer's bound publisher (RFC 26/27); by default the factory's, which the local publisher
	 * always uses.
	 * @param security the profile, e.g. a curve-client with the peer's server key
	 */
	public void setPeerSecurity(ZmqSecurity security) {
		this.peerSecurity = security;
	}

	/** The profiles of the local state publisher ({@code local}) and of the subscriber to the peer ({@code peer}). */
	@Override
	public Map<String, Object> getSecurity() {
		return ZmqSecurity.describeBoundAndPeer("local", getFactory().getOptions().security(), "peer", this.peerSecurity);
	}

	/** The gate of the frontends this pair votes for: open while this peer serves. */
	public ZmqGate gate() {
		return this.machine;
	}

	/** Whether this peer is the primary. */
	public boolean isPrimary() {
		return this.primary;
	}

	/** This peer's Binary Star state. */
	public BinaryStarState getPairState() {
		return this.machine.state();
	}

	/** The state the peer published last, or {@code null} if it has not been heard. */
	public BinaryStarState getPeerState() {
		return this.machine.peerState();
	}

	/** When the peer was last heard, or {@code null}. */
	public Instant getLastPeerHeartbeat() {
		long at = this.machine.lastPeerHeartbeat();
		return (at > 0) ? Instant.ofEpochMilli(at) : null;
	}

	/** How many times this peer's state changed (meters). */
	public long getTransitions() {
		return this.transitions.get();
	}

	/** Whether this peer serves clients now (not while its state is stale after a pause). */
	public boolean isActive() {
		return this.machine.state().serves() && !this.machine.isStale();
	}

	/** Whether this peer's state is stale after a pause: it serves nothing until it hears the peer. */
	public boolean isStale() {
		return this.machine.isStale();
	}

	/** How many pauses of this process (more than two heartbeats between ticks) were noticed. */
	public long getPauses() {
		return this.machine.pauses();
	}

	/** How many client requests were refused because the state was stale after a pause. */
	public long getStaleDiscarded() {
		return this.machine.staleDiscarded();
	}

	/** How many dual actives (or dual passives) this peer resolved. */
	public long getDualActiveResolved() {
		return this.machine.dualActiveResolved();
	}

	@Override
	protected ZmqActorBehavior createBehavior(ZmqCounters counters) {
		this.startedAt = System.currentTimeMillis();
		this.machine.reset();
		BinaryStarBehavior created = new BinaryStarBehavior(this.machine, this.local, this.remote,
				this.heartbeat.toMillis(), this.peerSecurity, counters);
		this.behavior = created;
		return created;
	}

	@Override
	protected List<String> currentEndpoints() {
		BinaryStarBehavior current = this.behavior;
		return (current != null && isRunning()) ? current.endpoints() : List.of();
	}

	/**
	 * FAILED (health DOWN) only while fatal (two peers with one role): a peer that is silent is not a
	 * failure of this half, which keeps serving alone; it shows as the {@code peer} detail instead.
	 */
	@Override
	public ZmqActorState getState() {
		ZmqActorState state = super.getState();
		if (state == ZmqActorState.RUNNING && this.machine.state() == BinaryStarState.FATAL) {
			return ZmqActorState.FAILED;
		}
		return state;
	}

	@Override
	public Throwable getFailure() {
		Throwable failure = super.getFailure();
		if (failure != null) {
			return failure;
		}
		return (isRunning() && this.machine.state() == BinaryStarState.FATAL)
				? new ZmqException("Binary Star: " + this.machine.fatalReason()) : null;
	}

	/**
	 * Whether the peer has not been heard for longer than {@code peer-grace} (counted from the start
	 * too): this half is alone. Logged once each time it changes.
	 * @return whether the peer is silent
	 */
	public boolean isPeerSilent() {
		long heard = this.machine.lastPeerHeartbeat();
		long now = System.currentTimeMillis();
		long silentSince = (heard > 0) ? heard : this.startedAt;
		boolean silent = isRunning() && now - silentSince > this.peerGrace.toMillis()
				&& now - this.startedAt > this.peerGrace.toMillis();
		if (silent != this.peerSilent) {
			this.peerSilent = silent;
			String role = this.primary ? "primary" : "backup";
			if (silent) {
				logger.warn("Binary Star " + role + ": the peer has not been heard for " + (now - silentSince)
						+ " ms; this half goes on alone as " + this.machine.state());
			}
			else {
				logger.info("Binary Star " + role + ": the peer is heard again");
			}
		}
		return silent;
	}

	@Override
	public Map<String, Object> getDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("role", this.primary ? "primary" : "backup");
		details.put("pairState", this.machine.state().name());
		BinaryStarState peer = this.machine.peerState();
		details.put("peerState", (peer != null) ? peer.name() : "UNKNOWN");
		Instant last = getLastPeerHeartbeat();
		details.put("lastPeerHeartbeat", (last != null) ? last.toString() : "never");
		details.put("peer", isPeerSilent() ? "SILENT" : "OK");
		details.put("heartbeat", this.heartbeat.toMillis() + "ms");
		details.put("stale", this.machine.isStale());
		details.put("pauses", this.machine.pauses());
		details.put("staleDiscarded", this.machine.staleDiscarded());
		details.put("dualActiveResolved", this.machine.dualActiveResolved());
		String resolution = this.machine.lastResolution();
		if (resolution != null) {
			details.put("lastResolution", resolution);
		}
		BinaryStarBehavior current = this.behavior;
		boolean open = current != null && isRunning();
		// endpoints lists both sides; these say which is which
		details.put("local", open ? current.boundLocal() : List.of());
		details.put("remote", open ? current.connectedRemote() : List.of());
		return details;
	}

	private void onTransition(BinaryStarStateMachine.Transition transition) {
		String role = this.primary ? "primary" : "backup";
		if (!transition.changed()) {
			switch (transition.kind()) {
				case PAUSED, RESOLVED -> logger.warn("Binary Star " + role + " " + transition.reason());
				case RESUMED -> logger.info("Binary Star " + role + " serves again as " + transition.state() + ": "
						+ transition.reason() + " (" + this.machine.staleDiscarded()
						+ " requests refused while stale so far)");
				case STATE -> {
					return; // only the peer's state changed
				}
			}
		}
		else {
			this.transitions.incrementAndGet();
			String change = "Binary Star " + role + ": " + transition.previous() + " -> " + transition.state() + " ("
					+ transition.reason() + ")";
			if (transition.state() == BinaryStarState.FATAL) {
				logger.error("Binary Star " + role + " is FATAL and serves nothing: " + transition.reason());
			}
			else if (transition.kind() == BinaryStarStateMachine.Kind.RESOLVED) {
				logger.warn(change);
			}
			else {
				logger.info(change);
			}
		}
		if (this.publisher != null) {
			this.publisher.publishEvent(new BinaryStarStateChangedEvent(this, transition.previous(), transition.state(),
					transition.reason(), transition.kind()));
		}
	}

}
