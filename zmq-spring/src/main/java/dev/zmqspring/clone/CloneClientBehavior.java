package dev.zmqspring.clone;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqActorMailbox;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.internal.DropLog;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketOptions;

/**
 * The actor of a {@link ZmqCloneMap} (Guide ch.5, the agent of clone.c / clonecli6): subscribes to
 * the current server's publisher, asks it for a snapshot ({@code ICANHAZ?}), applies the snapshot
 * and then the updates with a higher sequence (older and duplicate ones are ignored), and fails over
 * to the next server when nothing (not even {@code HUGZ}) arrived within the server timeout. Client
 * updates go out on an XPUB connected to every server's collector (a PUB on the wire), held back
 * until at least one collector has subscribed, so none is lost to the slow-joiner window.
 */
final class CloneClientBehavior implements ZmqActorBehavior {

	private static final Log logger = LogFactory.getLog(CloneClientBehavior.class);

	/** What the behavior tells its map; called on the actor thread. */
	interface Sink {

		/** A snapshot was asked for; any snapshot begun before is abandoned. */
		void snapshotStarted();

		/**
		 * One entry of the snapshot, in the server's order, as it arrives (a key the server sends
		 * twice counts as two changes, the later one last).
		 */
		void snapshotEntry(KvMsg entry);

		/** The snapshot is whole ({@code KTHXBAI}); apply it. */
		void snapshotEnded(long sequence);

		void update(KvMsg msg);

		/** The map moved from the silent server {@code from} to {@code to}. */
		void failover(CloneEndpoints from, CloneEndpoints to, long failovers);

	}

	private final String name;

	private final List<CloneEndpoints> servers;

	private final String subtree;

	private final long timeoutMillis;

	private final Sink sink;

	private final ZmqCounters counters;

	private final DropLog drops;

	private ZmqActorLoop loop;

	private volatile @Nullable ZmqActorMailbox mailbox;

	private ZMQ.Socket publisher;

	private ZMQ.@Nullable Socket subscriber;

	private ZMQ.@Nullable Socket snapshot;

	private final ArrayDeque<KvMsg> outbox = new ArrayDeque<>();


	private final List<KvMsg> early = new ArrayList<>();

	private volatile int current;

	private volatile boolean syncing;

	private volatile long lastSequence;

	private volatile long serverSequence;

	private volatile long lastHeard;

	private volatile int subscriptions;

	private volatile long ignored;

	private volatile long failovers;

	private long expiry;

	CloneClientBehavior(String name, List<CloneEndpoints> servers, String subtree, long timeoutMillis, Sink sink,
			ZmqCounters counters) {
		this.name = name;
		this.servers = servers;
		this.subtree = subtree;
		this.timeoutMillis = timeoutMillis;
		this.sink = sink;
		this.counters = counters;
		this.drops = new DropLog(logger, "clone map '" + name + "'");
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		this.mailbox = loop.mailbox();
		List<ZmqEndpoint> collectors = this.servers.stream().map((s) -> ZmqEndpoint.connect(s.collector())).toList();
		this.publisher = loop.socket(SocketType.XPUB, queueOptions(), collectors);
		this.publisher.setXpubVerbose(true);
		loop.register(this.publisher, this::onSubscription);
		connect(System.currentTimeMillis());
	}

	private ZmqSocketOptions queueOptions() {
		return this.loop.factory().getOptions().withHwm(CloneServerBehavior.QUEUE_HWM, CloneServerBehavior.QUEUE_HWM);
	}

	private void connect(long now) {
		if (this.subscriber != null) {
			this.loop.close(this.subscriber, 0);
		}
		if (this.snapshot != null) {
			this.loop.close(this.snapshot, 0);
		}
		CloneEndpoints server = this.servers.get(this.current);
		this.subscriber = this.loop.socket(SocketType.SUB, queueOptions(), List.of(ZmqEndpoint.connect(server.publisher())));
		this.subscriber.subscribe(this.subtree.getBytes(StandardCharsets.UTF_8));
		if (!this.subtree.isEmpty()) {
			this.subscriber.subscribe(KvMsg.HUGZ.getBytes(StandardCharsets.UTF_8));
		}
		this.loop.register(this.subscriber, this::onUpdate);
		this.snapshot = this.loop.socket(SocketType.DEALER, queueOptions(), List.of(ZmqEndpoint.connect(server.snapshot())));
		this.loop.register(this.snapshot, this::onSnapshot);
		this.snapshot.sendMore(KvMsg.ICANHAZ);
		this.snapshot.send(this.subtree.getBytes(StandardCharsets.UTF_8), 0);
		this.syncing = true;
		this.sink.snapshotStarted();
		this.early.clear();
		this.expiry = now + this.timeoutMillis;
	}

	int current() {
		return this.current;
	}

	boolean syncing() {
		return this.syncing;
	}

	long lastSequence() {
		return this.lastSequence;
	}

	long serverSequence() {
		return this.serverSequence;
	}

	long lastHeard() {
		return this.lastHeard;
	}

	int subscriptions() {
		return this.subscriptions;
	}

	long ignored() {
		return this.ignored;
	}

	long failovers() {
		return this.failovers;
	}

	/**
	 * Posts a client update to the actor (any thread).
	 * @param update the update
	 * @throws IllegalStateException if the actor is not running
	 */
	void submit(KvMsg update) {
		ZmqActorMailbox box = this.mailbox;
		if (box == null) {
			throw new IllegalStateException("Clone map '" + this.name + "' has not started");
		}
		try {
			box.execute(() -> send(update));
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			throw new IllegalStateException("Clone map '" + this.name + "' has stopped", ex);
		}
	}

	/** Sends a client update (on the actor thread), or holds it until a collector subscribed. */
	void send(KvMsg update) {
		if (this.subscriptions > 0 && this.outbox.isEmpty()) {
			update.send(this.publisher, null);
			this.counters.sent(update.size());
		}
		else {
			this.outbox.add(update);
		}
	}

	private void onSubscription(ZMQ.Socket socket) {
		byte[] frame;
		while ((frame = socket.recv(ZMQ.DONTWAIT)) != null) {
			if (frame.length > 0 && frame[0] == 1) {
				this.subscriptions++;
			}
			else if (frame.length > 0 && frame[0] == 0 && this.subscriptions > 0) {
				this.subscriptions--;
			}
		}
		while (this.subscriptions > 0 && !this.outbox.isEmpty()) {
			KvMsg update = this.outbox.poll();
			update.send(this.publisher, null);
			this.counters.sent(update.size());
		}
	}

	private void onSnapshot(ZMQ.Socket socket) {
		byte[][] frames;
		long now = System.currentTimeMillis();
		while ((frames = KvMsg.receiveFrames(socket, KvMsg.FRAMES)) != null) {
			KvMsg msg = KvMsg.decode(frames);
			if (msg == null || !this.syncing) {
				drop("snapshot", "malformed or unexpected kvmsg", now);
				continue;
			}
			this.counters.received(msg.size());
			this.lastHeard = now;
			this.expiry = now + this.timeoutMillis;
			if (!msg.key().equals(KvMsg.KTHXBAI)) {
				if (msg.key().startsWith(this.subtree) && !msg.isDelete()) {
					this.sink.snapshotEntry(msg);
				}
				continue;
			}
			this.lastSequence = msg.sequence();
			this.serverSequence = Math.max(this.serverSequence, msg.sequence());
			this.syncing = false;
			this.sink.snapshotEnded(msg.sequence());
			for (KvMsg update : this.early) {
				apply(update);
			}
			this.early.clear();
			this.loop.close(socket, 0);
			this.snapshot = null;
			return;
		}
	}

	private void onUpdate(ZMQ.Socket socket) {
		byte[][] frames;
		while ((frames = KvMsg.receiveFrames(socket, KvMsg.FRAMES)) != null) {
			KvMsg msg = KvMsg.decode(frames);
			long now = System.currentTimeMillis();
			if (msg == null) {
				drop("subscriber", "malformed kvmsg", now);
				continue;
			}
			this.counters.received(msg.size());
			this.lastHeard = now;
			this.expiry = now + this.timeoutMillis;
			if (msg.key().equals(KvMsg.HUGZ)) {
				this.serverSequence = Math.max(this.serverSequence, msg.sequence());
				continue;
			}
			if (!msg.key().startsWith(this.subtree)) {
				continue;
			}
			if (this.syncing) {
				this.early.add(msg);
			}
			else {
				apply(msg);
			}
		}
	}

	private void apply(KvMsg msg) {
		if (msg.sequence() <= this.lastSequence) {
			this.ignored++;
			return;
		}
		this.lastSequence = msg.sequence();
		this.serverSequence = Math.max(this.serverSequence, msg.sequence());
		this.sink.update(msg);
	}

	@Override
	public long nextTimerMillis() {
		return this.expiry;
	}

	@Override
	public void onTimer(long now) {
		if (now < this.expiry) {
			return;
		}
		CloneEndpoints silent = this.servers.get(this.current);
		this.current = (this.current + 1) % this.servers.size();
		this.failovers++;
		logger.warn("Clone map '" + this.name + "': server " + silent.snapshot() + " silent for " + this.timeoutMillis
				+ " ms, trying " + this.servers.get(this.current).snapshot());
		connect(now);
		this.sink.failover(silent, this.servers.get(this.current), this.failovers);
	}

	private void drop(String side, String reason, long now) {
		this.counters.dropped();
		this.drops.dropped(side, new byte[0], reason, now);
	}

	@Override
	public ZmqCounters counters() {
		return this.counters;
	}

}
