package dev.zmqspring.clone;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqActorMailbox;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.binarystar.BinaryStarState;
import dev.zmqspring.support.internal.DropLog;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketOptions;

/**
 * The actor of a {@link CloneServer} (Guide ch.5, clonesrv5/clonesrv6): owns the snapshot ROUTER,
 * the update PUB, the collector SUB and, in a pair, the SUB on the peer's publisher and the DEALER
 * that asks the peer for its snapshot. The map, sequence and pending list are confined to this
 * thread.
 */
final class CloneServerBehavior implements ZmqActorBehavior {

	private static final Log logger = LogFactory.getLog(CloneServerBehavior.class);

	/** Queue depth of the update and snapshot sockets: a snapshot of many keys must not hit a HWM. */
	static final int QUEUE_HWM = 0;

	/** The longest subtree accepted in {@code ICANHAZ?}. */
	static final int MAX_SUBTREE = 1024;

	private static final int RECENT_LIMIT = 65_536;

	/**
	 * How many of the active peer's heartbeats a passive peer waits, after a client update reached
	 * it, for the active peer to publish the same update; after that the update is dropped from the
	 * pending list (the active peer published it before this peer listened, or never got it).
	 */
	static final int PENDING_HEARTBEATS = 2;

	/** A {@code ttl} at or above this is an absolute time in epoch milliseconds (a stored entry). */
	private static final double EPOCH_MILLIS = 1e11;

	/** A {@code ttl} at or above this (and below {@link #EPOCH_MILLIS}) is in epoch seconds. */
	private static final double EPOCH_SECONDS = 1e9;

	private final String name;

	private final CloneServerConfig config;

	private final @Nullable BinaryStar pair;

	private final @Nullable CloneStore store;

	private final ZmqCounters counters;

	private final DropLog drops;

	private final NavigableMap<String, KvMsg> map = new TreeMap<>();

	private final Map<String, Long> expiries = new LinkedHashMap<>();

	private final Map<String, Pending> pending = new LinkedHashMap<>();

	private final Map<String, Long> changedAt = new LinkedHashMap<>();

	private final Map<String, Boolean> recent = new LinkedHashMap<>(16, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > RECENT_LIMIT;
		}
	};

	private final List<KvMsg> replicaBuffer = new ArrayList<>();

	private final NavigableMap<String, KvMsg> replicaSnapshot = new TreeMap<>();

	private ZmqActorLoop loop;

	private ZmqActorMailbox mailbox;

	private ZMQ.Socket snapshot;

	private ZMQ.Socket publisher;

	private ZMQ.@Nullable Socket peerSnapshot;

	private final @Nullable ZmqSecurity peerSecurity;

	private final List<String> endpoints = new ArrayList<>();

	private volatile long sequence;

	private volatile int keyCount;

	private volatile int pendingCount;

	private volatile long pendingDropped;

	private volatile boolean master;

	private volatile boolean replicaSynced;

	private long replicaAskedAt;

	private long replicaAskTick;

	private long ticks;

	private long hugzHeard;

	private long nextHugz;

	CloneServerBehavior(String name, CloneServerConfig config, @Nullable BinaryStar pair, @Nullable CloneStore store,
			@Nullable ZmqSecurity peerSecurity, ZmqCounters counters) {
		this.name = name;
		this.peerSecurity = peerSecurity;
		this.config = config;
		this.pair = pair;
		this.store = store;
		this.counters = counters;
		this.drops = new DropLog(logger, "clone server '" + name + "'");
	}

	@Override
	public void open(ZmqActorLoop loop) throws Exception {
		this.loop = loop;
		this.mailbox = loop.mailbox();
		if (this.store != null) {
			this.sequence = this.store.load(this.map);
			long now = System.currentTimeMillis();
			this.map.replaceAll((key, msg) -> stored(msg, now));
			this.map.values().forEach(this::trackExpiry);
			this.keyCount = this.map.size();
		}
		ZmqSocketOptions base = loop.factory().getOptions();
		// the cap is the frame guard's (bound sockets): a refused frame is counted, not a silent disconnect
		ZmqSocketOptions inbound = base.withHwm(QUEUE_HWM, QUEUE_HWM).withBoundMaxMessageSize(this.config.maxMessageSize());
		this.snapshot = loop.socket(SocketType.ROUTER, inbound, List.of(ZmqEndpoint.bind(this.config.snapshot())));
		this.publisher = loop.socket(SocketType.PUB, inbound, List.of(ZmqEndpoint.bind(this.config.publisher())));
		ZMQ.Socket collector = loop.socket(SocketType.SUB, inbound, List.of(ZmqEndpoint.bind(this.config.collector())));
		collector.subscribe(ZMQ.SUBSCRIPTION_ALL);
		this.endpoints.add(this.snapshot.getLastEndpoint());
		this.endpoints.add(this.publisher.getLastEndpoint());
		this.endpoints.add(collector.getLastEndpoint());
		loop.register(this.snapshot, this::onSnapshotRequest);
		loop.register(collector, this::onCollected);
		if (this.pair != null && this.config.peerPublisher() != null) {
			ZMQ.Socket subscriber = loop.socket(SocketType.SUB, toPeer(inbound),
					List.of(ZmqEndpoint.connect(this.config.peerPublisher())));
			subscriber.subscribe(ZMQ.SUBSCRIPTION_ALL);
			loop.register(subscriber, this::onPeerUpdate);
		}
		this.nextHugz = System.currentTimeMillis() + this.config.heartbeat().toMillis();
		checkRole(System.currentTimeMillis());
	}

	/** The options of a socket that connects to the pair peer: the peer profile when there is one. */
	private ZmqSocketOptions toPeer(ZmqSocketOptions options) {
		return (this.peerSecurity != null) ? options.withSecurity(this.peerSecurity) : options;
	}

	List<String> endpoints() {
		return List.copyOf(this.endpoints);
	}

	long sequence() {
		return this.sequence;
	}

	int keyCount() {
		return this.keyCount;
	}

	int pendingCount() {
		return this.pendingCount;
	}

	long pendingDropped() {
		return this.pendingDropped;
	}

	boolean replicated() {
		return this.replicaSynced;
	}

	boolean serving() {
		return this.master;
	}

	Map<String, byte[]> copy() {
		CompletableFuture<Map<String, byte[]>> result = new CompletableFuture<>();
		try {
			this.mailbox.execute(() -> {
				Map<String, byte[]> copy = new TreeMap<>();
				this.map.forEach((key, msg) -> copy.put(key, msg.body()));
				result.complete(copy);
			});
			return result.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			return Map.of();
		}
	}

	// ---- roles

	private boolean pairActive() {
		BinaryStar peer = this.pair;
		return peer == null || peer.getPairState() == BinaryStarState.ACTIVE;
	}

	private void checkRole(long now) {
		boolean active = pairActive();
		if (active && !this.master) {
			this.master = true;
			closePeerSnapshot();
			publishPending(now);
		}
		else if (!active && this.master) {
			this.master = false;
			this.replicaSynced = false;
		}
		if (!this.master && this.pair != null && this.pair.getPairState() == BinaryStarState.PASSIVE
				&& !this.replicaSynced) {
			askPeerForSnapshot(now);
		}
	}

	// ---- snapshot ROUTER: [identity][ICANHAZ?][subtree]

	private void onSnapshotRequest(ZMQ.Socket socket) {
		byte[][] frames;
		while ((frames = KvMsg.receiveFrames(socket, 3)) != null) {
			this.counters.received(frames.length);
			long now = System.currentTimeMillis();
			if (frames.length != 3 || !KvMsg.ICANHAZ.equals(new String(frames[1], StandardCharsets.UTF_8))
					|| frames[2].length > MAX_SUBTREE) {
				drop("snapshot", frames[0], "not ICANHAZ? with one subtree frame", now);
				continue;
			}
			if (!getGate().admit()) {
				continue; // the pair's voter: a passive peer drops it, the client tries the other
			}
			checkRole(now);
			if (!this.master) {
				continue;
			}
			String subtree = new String(frames[2], StandardCharsets.UTF_8);
			byte[] identity = frames[0];
			int sent = 0;
			for (KvMsg msg : subtree(this.map, subtree).values()) {
				msg.send(socket, identity);
				sent++;
			}
			new KvMsg(KvMsg.KTHXBAI, this.sequence, new byte[0], Map.of(), frames[2]).send(socket, identity);
			this.counters.sent(sent + 1, 0);
		}
	}

	private ZmqGate getGate() {
		BinaryStar peer = this.pair;
		return (peer != null) ? peer.gate() : ZmqGate.OPEN;
	}

	private static NavigableMap<String, KvMsg> subtree(NavigableMap<String, KvMsg> map, String prefix) {
		return prefix.isEmpty() ? map : map.subMap(prefix, true, prefix + Character.MAX_VALUE, true);
	}

	// ---- collector SUB: client updates [key][seq][uuid][properties][body]

	private void onCollected(ZMQ.Socket socket) {
		byte[][] frames;
		long now = System.currentTimeMillis();
		checkRole(now);
		while ((frames = KvMsg.receiveFrames(socket, KvMsg.FRAMES)) != null) {
			KvMsg update = KvMsg.decode(frames);
			if (update == null || update.key().isEmpty() || isReserved(update.key())
					|| update.size() > this.config.maxMessageSize() || !validTtl(update)) {
				drop("collector", null, "malformed kvmsg", now);
				continue;
			}
			this.counters.received(update.size());
			if (this.master) {
				accept(update, now);
			}
			else if (this.recent.remove(update.uuidText()) == null) {
				this.pending.put(update.uuidText(), new Pending(update, now, ++this.ticks, this.hugzHeard));
				this.pendingCount = this.pending.size();
			}
		}
	}

	private static boolean isReserved(String key) {
		return key.equals(KvMsg.HUGZ) || key.equals(KvMsg.KTHXBAI) || key.equals(KvMsg.ICANHAZ);
	}

	private static boolean validTtl(KvMsg update) {
		String ttl = update.property(KvMsg.TTL);
		if (ttl == null) {
			return true;
		}
		try {
			double seconds = Double.parseDouble(ttl);
			return seconds > 0 && seconds < 1e9;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * The active peer's step: sequence, store with the absolute expiry, publish with the client's
	 * relative {@code ttl} (as clonesrv5/clonesrv6 do).
	 */
	private void accept(KvMsg update, long now) {
		KvMsg published = update.withSequence(++this.sequence);
		apply(stored(published, now));
		publish(published);
	}

	/**
	 * The form a map entry is kept, logged and sent in a snapshot: its {@code ttl}, if any, as the
	 * absolute expiry in epoch milliseconds.
	 */
	private static KvMsg stored(KvMsg msg, long now) {
		String ttl = msg.property(KvMsg.TTL);
		if (ttl == null || msg.isDelete()) {
			return msg;
		}
		try {
			return msg.withProperty(KvMsg.TTL, Long.toString(expiryOf(ttl, now)));
		}
		catch (NumberFormatException ex) {
			return msg; // not a number: never expires (only a peer's or a log's entry can get here)
		}
	}

	/**
	 * The absolute expiry a {@code ttl} property stands for: seconds from now as a client sends it
	 * and the active peer publishes it; an absolute time as a server keeps it (epoch milliseconds,
	 * as ours and the Guide's C clonesrv6 do, or epoch seconds, as its Python clonesrv6 does).
	 * @param ttl the property
	 * @param now the current time
	 * @return epoch milliseconds
	 * @throws NumberFormatException if the property is not a number
	 */
	static long expiryOf(String ttl, long now) {
		double value = Double.parseDouble(ttl);
		if (value >= EPOCH_MILLIS) {
			return (long) value;
		}
		if (value >= EPOCH_SECONDS) {
			return (long) (value * 1000);
		}
		return now + (long) Math.ceil(value * 1000);
	}

	private void publish(KvMsg msg) {
		msg.send(this.publisher, null);
		this.counters.sent(msg.size());
	}

	/** Stores (or deletes) a sequenced message, persists it, tracks its expiry. */
	private void apply(KvMsg msg) {
		if (msg.isDelete()) {
			this.map.remove(msg.key());
			this.expiries.remove(msg.key());
		}
		else {
			this.map.put(msg.key(), msg);
			trackExpiry(msg);
		}
		if (msg.sequence() > this.sequence) {
			this.sequence = msg.sequence();
		}
		if (this.store != null) {
			this.store.append(msg);
		}
		this.keyCount = this.map.size();
	}

	private void trackExpiry(KvMsg msg) {
		String ttl = msg.property(KvMsg.TTL);
		this.expiries.remove(msg.key());
		if (ttl != null) {
			try {
				this.expiries.put(msg.key(), Long.parseLong(ttl));
			}
			catch (NumberFormatException ex) {
				// kept entries hold an absolute expiry; anything else never expires
			}
		}
	}

	// ---- peer (passive side): the active peer's publisher and its snapshot

	private void onPeerUpdate(ZMQ.Socket socket) {
		byte[][] frames;
		while ((frames = KvMsg.receiveFrames(socket, KvMsg.FRAMES)) != null) {
			KvMsg msg = KvMsg.decode(frames);
			long now = System.currentTimeMillis();
			if (msg == null) {
				drop("peer", null, "malformed kvmsg", now);
				continue;
			}
			if (this.master) {
				continue;
			}
			if (msg.key().equals(KvMsg.HUGZ)) {
				this.hugzHeard++;
				dropOutlived();
				continue;
			}
			String uuid = msg.uuidText();
			Pending matched = this.pending.remove(uuid);
			if (matched == null && !uuid.isEmpty()) {
				this.recent.put(uuid, Boolean.TRUE);
			}
			changed(msg.key(), (matched != null) ? matched.tick() : ++this.ticks);
			this.pendingCount = this.pending.size();
			KvMsg replicated = stored(msg, now);
			if (!this.replicaSynced) {
				this.replicaBuffer.add(replicated);
			}
			else if (msg.sequence() > this.sequence) {
				apply(replicated);
			}
		}
		checkRole(System.currentTimeMillis());
	}

	// ---- the pending list (passive side, Guide ch.5 clonesrv6)

	/**
	 * A client update a passive peer holds until it sees the active peer publish it.
	 * @param update the update as the client sent it
	 * @param arrived when it reached this peer
	 * @param tick its place among this peer's pending arrivals and replicated changes
	 * @param hugz how many of the active peer's heartbeats this peer had heard when it arrived
	 */
	private record Pending(KvMsg update, long arrived, long tick, long hugz) {
	}

	/**
	 * The active peer published a change of this key; pending updates of the key that reached this
	 * peer before the change (its own client copy, or the publication when no copy reached this peer)
	 * are older than it.
	 * @param key the key
	 * @param tick when the change reached this peer
	 */
	private void changed(String key, long tick) {
		if (!this.pending.isEmpty()) {
			this.changedAt.merge(key, tick, Math::max);
		}
	}

	/**
	 * Drops the pending updates the active peer has outlived: it published {@link #PENDING_HEARTBEATS}
	 * heartbeats after they reached this peer and not them, so it published them before this peer
	 * listened (a restarted peer gets what the clients' sockets queued for it) or never got them.
	 * Either way they are not part of the active peer's map, and publishing them later would bring
	 * back deleted keys and overwrite newer values.
	 */
	private void dropOutlived() {
		int dropped = 0;
		for (Iterator<Pending> it = this.pending.values().iterator(); it.hasNext();) {
			if (this.hugzHeard - it.next().hugz() < PENDING_HEARTBEATS) {
				break;
			}
			it.remove();
			dropped++;
		}
		pendingDropped(dropped, "the active peer has not published them within " + PENDING_HEARTBEATS
				+ " heartbeats");
	}

	/** After a snapshot from the active peer: what arrived before it was asked for is in it, or never will be. */
	private void dropSnapshotted(Map<String, KvMsg> snapshot) {
		int dropped = 0;
		for (Iterator<Pending> it = this.pending.values().iterator(); it.hasNext();) {
			Pending held = it.next();
			KvMsg current = snapshot.get(held.update().key());
			if (held.tick() < this.replicaAskTick
					|| (current != null && Arrays.equals(current.uuid(), held.update().uuid()))) {
				it.remove();
				dropped++;
			}
		}
		pendingDropped(dropped, "they reached this peer before it asked the active peer for its snapshot");
	}

	private void pendingDropped(int dropped, String reason) {
		if (dropped > 0) {
			this.pendingDropped += dropped;
			logger.info("Clone server '" + this.name + "' dropped " + dropped + " pending updates: " + reason);
		}
		this.pendingCount = this.pending.size();
		if (this.pending.isEmpty()) {
			this.changedAt.clear();
			return;
		}
		long oldest = this.pending.values().iterator().next().tick();
		for (Iterator<Long> it = this.changedAt.values().iterator(); it.hasNext() && it.next() < oldest;) {
			it.remove();
		}
	}

	/**
	 * On taking over: sequences and publishes the pending updates in arrival order, except those
	 * the active peer made old (it published a change of the same key after they arrived) and those
	 * whose {@code ttl}, counted from their arrival, has passed. A pending {@code ttl} is counted
	 * from the update's arrival, not from the takeover.
	 */
	private void publishPending(long now) {
		int published = 0;
		int dropped = 0;
		for (Pending held : this.pending.values()) {
			KvMsg update = held.update();
			Long changed = this.changedAt.get(update.key());
			String ttl = update.property(KvMsg.TTL);
			long expiry = (ttl != null && !update.isDelete()) ? expiryOf(ttl, held.arrived()) : Long.MAX_VALUE;
			if ((changed != null && changed > held.tick()) || expiry <= now) {
				dropped++;
				continue;
			}
			KvMsg sequenced = update.withSequence(++this.sequence);
			if (expiry != Long.MAX_VALUE) {
				sequenced = sequenced.withProperty(KvMsg.TTL, Long.toString((expiry - now + 999) / 1000));
				apply(sequenced.withProperty(KvMsg.TTL, Long.toString(expiry)));
			}
			else {
				apply(sequenced);
			}
			publish(sequenced);
			published++;
		}
		if (published + dropped > 0) {
			logger.info("Clone server '" + this.name + "' is active: published " + published
					+ " pending updates, dropped " + dropped + " that the active peer had made old or that expired");
		}
		this.pendingDropped += dropped;
		this.pending.clear();
		this.changedAt.clear();
		this.pendingCount = 0;
	}

	private void askPeerForSnapshot(long now) {
		if (this.peerSnapshot != null && now - this.replicaAskedAt < 4 * this.config.heartbeat().toMillis()) {
			return;
		}
		closePeerSnapshot();
		this.peerSnapshot = this.loop.socket(SocketType.DEALER,
				toPeer(this.loop.factory().getOptions().withHwm(QUEUE_HWM, QUEUE_HWM)),
				List.of(ZmqEndpoint.connect(this.config.peerSnapshot())));
		this.loop.register(this.peerSnapshot, this::onPeerSnapshot);
		this.peerSnapshot.sendMore(KvMsg.ICANHAZ);
		this.peerSnapshot.send(new byte[0], 0);
		this.replicaAskedAt = now;
		this.replicaAskTick = ++this.ticks;
		this.replicaSnapshot.clear();
	}

	private void closePeerSnapshot() {
		if (this.peerSnapshot != null) {
			this.loop.close(this.peerSnapshot, 0);
			this.peerSnapshot = null;
		}
	}

	private void onPeerSnapshot(ZMQ.Socket socket) {
		byte[][] frames;
		while ((frames = KvMsg.receiveFrames(socket, KvMsg.FRAMES)) != null) {
			KvMsg msg = KvMsg.decode(frames);
			if (msg == null) {
				drop("peer snapshot", null, "malformed kvmsg", System.currentTimeMillis());
				continue;
			}
			if (!msg.key().equals(KvMsg.KTHXBAI)) {
				this.replicaSnapshot.put(msg.key(), stored(msg, System.currentTimeMillis()));
				continue;
			}
			dropSnapshotted(this.replicaSnapshot);
			this.map.clear();
			this.expiries.clear();
			this.sequence = msg.sequence();
			if (this.store != null) {
				this.store.rewrite(this.replicaSnapshot.values(), this.sequence);
			}
			this.map.putAll(this.replicaSnapshot);
			this.map.values().forEach(this::trackExpiry);
			this.keyCount = this.map.size();
			this.replicaSnapshot.clear();
			for (KvMsg buffered : this.replicaBuffer) {
				if (buffered.sequence() > this.sequence) {
					apply(buffered);
				}
			}
			this.replicaBuffer.clear();
			this.replicaSynced = true;
			logger.info("Clone server '" + this.name + "' replicated " + this.map.size() + " keys from its peer at #"
					+ this.sequence);
			closePeerSnapshot();
			return;
		}
	}

	// ---- timer: HUGZ and TTL purge

	@Override
	public long nextTimerMillis() {
		return this.nextHugz;
	}

	@Override
	public void onTimer(long now) {
		checkRole(now);
		if (this.master) {
			purgeExpired(now);
			publish(new KvMsg(KvMsg.HUGZ, this.sequence, new byte[0], Map.of(), new byte[0]));
		}
		this.nextHugz = now + this.config.heartbeat().toMillis();
	}

	private void purgeExpired(long now) {
		if (this.expiries.isEmpty()) {
			return;
		}
		List<String> expired = new ArrayList<>();
		for (Iterator<Map.Entry<String, Long>> it = this.expiries.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, Long> entry = it.next();
			if (entry.getValue() <= now) {
				expired.add(entry.getKey());
				it.remove();
			}
		}
		for (String key : expired) {
			KvMsg delete = new KvMsg(key, ++this.sequence, new byte[0], Map.of(), new byte[0]);
			apply(delete);
			publish(delete);
		}
	}

	private void drop(String side, byte @Nullable [] peer, String reason, long now) {
		this.counters.dropped();
		this.drops.dropped(side, (peer != null) ? peer : new byte[0], reason, now);
	}

	@Override
	public void onClose() {
		if (this.store != null) {
			this.store.close();
		}
	}

	@Override
	public ZmqCounters counters() {
		return this.counters;
	}

	@Override
	public String toString() {
		return "CloneServer[" + this.name + " #" + this.sequence + ", " + this.map.size() + " keys, "
				+ Arrays.asList(this.endpoints) + "]";
	}

}
