package dev.zmqspring.clone;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.lifecycle.ZmqActorComponent;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * A Clone server (Guide ch.5 "Reliable Pub-Sub (Clone Pattern)", the clonesrv5/clonesrv6 role;
 * spec 12/CLONE): holds the map, hands snapshots out on a ROUTER ({@code ICANHAZ?} + subtree, every
 * matching kvmsg, then {@code KTHXBAI} with the sequence), publishes every update and a {@code HUGZ}
 * heartbeat on a PUB, and collects client updates on a SUB, assigning each its sequence. Keys with a
 * {@code ttl} property are purged when it passes and the purge published as a delete.
 *
 * <p>With a {@link BinaryStar} pair (ch.5 "Clone Server Reliability", model 6) only the ACTIVE peer
 * serves and publishes; the passive peer keeps a replica from the active peer's publisher (after a
 * snapshot from the active peer) and a pending list of client updates it has not yet seen published,
 * which it publishes when it takes over. A pending update the active peer has already handled is
 * dropped, never published again: one that reached the passive peer before it asked for its snapshot,
 * one the active peer has not published within two of its heartbeats, and on takeover one whose key
 * the active peer changed after it arrived or whose {@code ttl}, counted from its arrival, has passed.
 * Its snapshot ROUTER is the pair's voter: a client asking the passive peer while the active peer is
 * silent makes it take over. See {@link CloneServerConfig}.
 */
public class CloneServer extends ZmqActorComponent {

	private final CloneServerConfig config;

	private final @Nullable BinaryStar pair;

	private final @Nullable CloneStore store;

	private volatile @Nullable CloneServerBehavior behavior;

	private volatile @Nullable ZmqSecurity peerSecurity;

	/**
	 * Creates the server; nothing is bound until {@link #start()}.
	 * @param name the server's name ({@code zmq.clone.servers.<name>})
	 * @param factory where sockets come from
	 * @param config endpoints and timings
	 * @param pair the Binary Star peer this server is one half of, or {@code null} for a single server
	 * @param shutdownTimeout how long stopping may take
	 */
	public CloneServer(String name, ZmqSocketFactory factory, CloneServerConfig config, @Nullable BinaryStar pair,
			Duration shutdownTimeout) {
		super(name, "clone-server", factory, shutdownTimeout);
		this.config = config;
		this.pair = pair;
		this.store = (config.directory() != null) ? new CloneStore(config.directory()) : null;
		if (pair != null) {
			setGate(pair.gate());
		}
	}

	/**
	 * The security profile of the sockets that connect to the pair peer (its publisher and snapshot
	 * socket), which are clients of the peer's bound sockets (RFC 26/27); by default the factory's.
	 * The bound snapshot, publisher and collector always use the factory's profile.
	 * @param security the profile, e.g. a curve-client with the peer's server key
	 */
	public void setPeerSecurity(ZmqSecurity security) {
		this.peerSecurity = security;
	}

	/** The profiles of the bound sockets ({@code bound}) and, in a pair, of those to the peer ({@code peer}). */
	@Override
	public Map<String, Object> getSecurity() {
		ZmqSecurity bound = getFactory().getOptions().security();
		if (this.pair == null) {
			return ZmqSecurity.describeSides(Map.of("bound", bound));
		}
		return ZmqSecurity.describeBoundAndPeer("bound", bound, "peer", this.peerSecurity);
	}

	@Override
	protected ZmqActorBehavior createBehavior(ZmqCounters counters) {
		CloneServerBehavior created = new CloneServerBehavior(getName(), this.config, this.pair, this.store,
				this.peerSecurity, counters);
		this.behavior = created;
		return created;
	}

	@Override
	protected List<String> currentEndpoints() {
		CloneServerBehavior current = this.behavior;
		return (current != null && isRunning()) ? current.endpoints() : List.of();
	}

	/** The bound snapshot endpoint (ephemeral port resolved), {@code null} before start. */
	public @Nullable String getSnapshotEndpoint() {
		return endpoint(0);
	}

	/** The bound publisher endpoint, {@code null} before start. */
	public @Nullable String getPublisherEndpoint() {
		return endpoint(1);
	}

	/** The bound collector endpoint, {@code null} before start. */
	public @Nullable String getCollectorEndpoint() {
		return endpoint(2);
	}

	private @Nullable String endpoint(int index) {
		List<String> endpoints = currentEndpoints();
		return (endpoints.size() > index) ? endpoints.get(index) : null;
	}

	/** The last sequence assigned or replicated. */
	public long getSequence() {
		CloneServerBehavior current = this.behavior;
		return (current != null) ? current.sequence() : 0;
	}

	/** How many keys the map holds. */
	public int getKeyCount() {
		CloneServerBehavior current = this.behavior;
		return (current != null) ? current.keyCount() : 0;
	}

	/** How many client updates wait on the pending list (passive peer only). */
	public int getPendingCount() {
		CloneServerBehavior current = this.behavior;
		return (current != null) ? current.pendingCount() : 0;
	}

	/**
	 * How many client updates a passive pair peer has dropped from its pending list because the
	 * active peer had already handled them (published them, or outlived them, see {@link CloneServer}).
	 */
	public long getPendingDropped() {
		CloneServerBehavior current = this.behavior;
		return (current != null) ? current.pendingDropped() : 0;
	}

	/** Whether this passive pair peer holds a replica of the active peer's map. */
	public boolean isReplicated() {
		CloneServerBehavior current = this.behavior;
		return current != null && current.replicated();
	}

	/** Whether this server serves clients now (always, unless a passive or undecided pair peer). */
	public boolean isServing() {
		CloneServerBehavior current = this.behavior;
		return current != null && isRunning() && current.serving();
	}

	/**
	 * A copy of the map, read on the actor thread (for tests and the endpoint, not for hot paths).
	 * @return key to body
	 */
	public Map<String, byte[]> snapshot() {
		CloneServerBehavior current = this.behavior;
		return (current != null) ? current.copy() : Map.of();
	}

	@Override
	public Map<String, Object> getDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		BinaryStar peer = this.pair;
		details.put("state", (peer == null) ? "STANDALONE" : peer.getPairState().name());
		details.put("serving", isServing());
		details.put("sequence", getSequence());
		details.put("keys", getKeyCount());
		details.put("pending", getPendingCount());
		details.put("pendingDropped", getPendingDropped());
		if (this.store != null) {
			details.put("directory", this.config.directory().toString());
		}
		return details;
	}

}
