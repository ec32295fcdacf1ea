package dev.zmqspring.broker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import org.jspecify.annotations.Nullable;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.broker.internal.RouterSender;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.broker.internal.RegisteredWorker;

/**
 * The load-balancing broker of Guide ch.3 ("A Load Balancing Message Broker", lbbroker): clients
 * (REQ or DEALER with an empty delimiter) on the ROUTER frontend, workers on the ROUTER backend.
 *
 * <p>Worker protocol, as a REQ worker sees it:
 * <ol>
 * <li>the worker connects and sends one frame {@link #READY} ({@code 0x01}, as in lbbroker2/3;
 * the text {@code "READY"} of the first lbbroker is accepted too);</li>
 * <li>it receives {@code [client address...][""][request...]};</li>
 * <li>it answers {@code [client address...][""][reply...]}, which also says it is ready again.</li>
 * </ol>
 * A DEALER worker sends and receives the REQ envelope itself: {@code [""][0x01]}, then
 * {@code [""][client...][""][request...]} in and {@code [""][client...][""][reply...]} out.
 * There are no heartbeats: a worker that dies while idle is noticed when a request to it fails
 * (EHOSTUNREACH), one that dies while busy loses its request (the client's Lazy Pirate retry
 * recovers). Use the Paranoid Pirate queue when that is not good enough.
 *
 * <p>Peering (Guide ch.3 "Worked Example: Inter-Broker Routing", {@link ZmqBrokerPeering}): a
 * state PUB announces {@code [name][idle workers]} when the count changes and every state interval,
 * a SUB hears the peers' announcements ({@link PeerBrokers}); a local client's request that finds no
 * idle worker goes over the cloud ROUTER to a peer with capacity, and the reply comes back the same
 * way (a reply whose first address is a peer's name goes to the cloud, any other to a client).
 * Requests from peers are only served by local workers, never passed on, so requests cannot loop.
 * A cloud message may carry an empty frame after the peer's name, as the Guide's Python peering3
 * sends it ({@code zmsg_unwrap} of the C original accepts both forms); a peer's replies go back in
 * the form of its requests. A peer's count holds until it announces another; its death is told by
 * its cloud connection (ZMTP heartbeats, {@link ZmqBrokerPeering#cloudHeartbeatTimeout()}), not by a
 * quiet state flow. Malformed or unknown-peer messages on the state SUB and both cloud ROUTERs are
 * dropped and counted, never delivered with a wrong body.
 */
final class LoadBalancingBroker extends AbstractWorkerBroker {

	/** The READY frame of lbbroker2/3. */
	static final byte[] READY = { 0x01 };

	/** The READY frame of the first lbbroker. */
	static final byte[] READY_TEXT = "READY".getBytes(StandardCharsets.US_ASCII);

	private final ZmqBrokerPeering peering;

	private final PeerBrokers peers;

	private final byte[] self;

	private final long interval;

	private ZMQ.Socket statePublisher;

	private RouterSender cloudFrontend;

	private RouterSender cloudBackend;

	private int announced = -1;

	private long announceAt;

	private final @Nullable ZmqSecurity peerSecurity;

	LoadBalancingBroker(ZmqBrokerDefinition definition, @Nullable ZmqSecurity peerSecurity, ZmqCounters counters) {
		super(definition, counters);
		this.peerSecurity = peerSecurity;
		this.peering = definition.peering();
		this.peers = new PeerBrokers(this.peering);
		this.self = definition.name().getBytes(StandardCharsets.UTF_8);
		this.interval = this.peering.stateInterval().toMillis();
	}

	@Override
	public void open(ZmqActorLoop loop) {
		super.open(loop);
		if (!this.peering.enabled()) {
			return;
		}
		String source = this.definition.source();
		ZmqSocketOptions options = loop.factory().getOptions().withMaxMessageSize(this.definition.maxMessageSize());
		List<String> actual = new ArrayList<>();
		this.statePublisher = loop.socket(SocketType.PUB, List.of());
		actual.addAll(ZmqSocketFactory.attach(this.statePublisher, this.peering.stateEndpoint(), source + ".state-endpoint"));
		// the sockets connected to the peers are clients of their bound (server) sockets
		ZmqSocketOptions toPeers = (this.peerSecurity != null) ? options.withSecurity(this.peerSecurity) : options;
		ZMQ.Socket stateSubscriber = loop.socket(SocketType.SUB, toPeers, List.of());
		stateSubscriber.subscribe(ZMQ.SUBSCRIPTION_ALL);
		ZMQ.Socket front = loop.socket(SocketType.ROUTER, options, List.of());
		front.setIdentity(this.self);
		this.cloudFrontend = new RouterSender(front, this.counters);
		actual.addAll(ZmqSocketFactory.attach(front, this.peering.cloudEndpoint(), source + ".cloud-endpoint"));
		ZMQ.Socket back = loop.socket(SocketType.ROUTER, toPeers, List.of());
		back.setIdentity(this.self);
		// a peer that stops answering (stopped process, cut network) loses its connection, so its
		// requests are refused by ROUTER_MANDATORY instead of waiting in a dead pipe ...
		back.setHeartbeatIvl((int) this.peering.cloudHeartbeatInterval().toMillis());
		back.setHeartbeatTimeout((int) this.peering.cloudHeartbeatTimeout().toMillis());
		// and no pipe outlives its connection (JeroMQ's "immediate" is inverted: false = libzmq's
		// ZMQ_IMMEDIATE=1), else requests would queue for a dead peer until it reconnects
		back.setImmediate(false);
		this.cloudBackend = new RouterSender(back, this.counters);
		for (ZmqBrokerPeering.Peer peer : this.peering.peers()) {
			String prefix = source + ".peers." + peer.name();
			ZmqSocketFactory.attach(stateSubscriber, peer.state(), prefix + ".state");
			ZmqSocketFactory.attach(back, peer.cloud(), prefix + ".cloud");
		}
		addEndpoints(actual);
		loop.register(stateSubscriber, this::onState);
		loop.register(front, this::onCloudRequest);
		loop.register(back, this::onCloudReply);
		this.announceAt = System.currentTimeMillis();
	}

	/** The live peers and their last known capacity (any thread). */
	Map<String, Integer> peers() {
		return this.peers.snapshot();
	}

	// ---- state flow ------------------------------------------------------------------------

	private void onState(ZMQ.Socket socket) {
		boolean capacity = false;
		for (int i = 0; i < BATCH; i++) {
			int count = read(socket);
			if (count == 0) {
				break;
			}
			PeerBrokers.Known peer = (count == 2) ? this.peers.find(this.frames[0]) : null;
			int announced = (peer != null) ? PeerBrokers.parseCapacity(this.frames[1]) : -1;
			if (announced < 0) {
				drop("state", (count > 0) ? this.frames[0] : EMPTY, "not [known peer][count] (" + count + " frames)");
				continue;
			}
			capacity |= this.peers.heard(peer, announced);
		}
		if (capacity) {
			offloadQueued();
		}
	}

	private void announce(long now) {
		int idle = idleCount();
		this.statePublisher.send(this.self, ZMQ.SNDMORE | ZMQ.DONTWAIT);
		this.statePublisher.send(Integer.toString(idle), ZMQ.DONTWAIT);
		this.announced = idle;
		this.announceAt = now + this.interval;
	}

	@Override
	protected void publishStats() {
		super.publishStats();
		if (this.statePublisher != null && idleCount() != this.announced) {
			announce(System.currentTimeMillis());
		}
	}

	@Override
	public long nextTimerMillis() {
		return this.peering.enabled() ? this.announceAt : -1;
	}

	@Override
	public void onTimer(long now) {
		if (this.statePublisher == null) {
			return;
		}
		if (now >= this.announceAt) {
			offloadQueued(); // a peer whose connection came back takes requests without announcing
			announce(now);
		}
	}

	// ---- cloud flow ------------------------------------------------------------------------

	private void onCloudRequest(ZMQ.Socket socket) {
		for (int i = 0; i < BATCH; i++) {
			int count = read(socket);
			if (count == 0) {
				break;
			}
			PeerBrokers.Known peer = (count > 0) ? this.peers.find(this.frames[0]) : null;
			int unwrapped = (peer != null) ? unwrap(count) : -1;
			if (unwrapped < 0) {
				drop("cloud", this.frames[0],
						"not [known peer][\"\"]?[client...][\"\"][request...] (" + count + " frames)");
				continue;
			}
			peer.delimited = unwrapped < count;
			acceptRequest(unwrapped, false);
		}
		publishStats();
	}

	private void onCloudReply(ZMQ.Socket socket) {
		for (int i = 0; i < BATCH; i++) {
			int count = read(socket);
			if (count == 0) {
				break;
			}
			int unwrapped = (count > 0 && this.peers.find(this.frames[0]) != null) ? unwrap(count) : -1;
			if (unwrapped < 0) {
				drop("cloud", this.frames[0],
						"not [known peer][\"\"]?[client...][\"\"][reply...] (" + count + " frames)");
				continue;
			}
			replyLocally(1, unwrapped);
		}
	}

	/**
	 * Checks the cloud message in {@link #frames}, {@code [peer][""]?[client...][""][body...]}, and
	 * removes the optional empty frame after the peer's name, as the Guide's {@code zmsg_unwrap}.
	 * @param count the number of frames, -1 for too many
	 * @return the number of frames of {@code [peer][client...][""][body...]}, less than {@code count}
	 * if the empty frame was removed, or -1 if the message is malformed
	 */
	private int unwrap(int count) {
		if (count < 2) {
			return -1;
		}
		int length = count;
		if (this.frames[1].length == 0) {
			System.arraycopy(this.frames, 2, this.frames, 1, count - 2);
			length--;
		}
		return isEnvelope(this.frames, 1, length) ? length : -1;
	}

	@Override
	protected boolean offload(byte[][] request, int count) {
		if (this.cloudBackend == null) {
			return false;
		}
		PeerBrokers.Known peer = this.peers.withCapacity();
		for (int tries = this.peers.size(); peer != null && tries > 0; tries--) {
			if (this.cloudBackend.routeTo(peer.identity)) {
				long bytes = 0;
				for (int i = 0; i < count; i++) {
					this.cloudBackend.frame(request[i], i < count - 1);
					bytes += request[i].length;
				}
				this.counters.sent(bytes);
				this.peers.used(peer);
				return true;
			}
			this.peers.unreachable(peer);
			peer = this.peers.withCapacity();
		}
		return false;
	}

	@Override
	protected boolean isLocal(byte[][] request) {
		return this.peers.find(request[0]) == null;
	}

	@Override
	protected void replyToClient(int from, int count) {
		byte[] first = this.frames[from];
		PeerBrokers.Known peer = (this.cloudFrontend != null) ? this.peers.find(first) : null;
		if (peer != null) {
			if (!this.cloudFrontend.routeOrDrop(first)) {
				return;
			}
			if (peer.delimited) {
				this.cloudFrontend.more(EMPTY); // the Guide's Python peering3 unwraps two frames
			}
			long bytes = first.length;
			for (int i = from + 1; i < count; i++) {
				this.cloudFrontend.frame(this.frames[i], i < count - 1);
				bytes += this.frames[i].length;
			}
			this.counters.sent(bytes);
			return;
		}
		replyLocally(from, count);
	}

	static boolean isReady(byte[] frame) {
		return Arrays.equals(frame, READY) || Arrays.equals(frame, READY_TEXT);
	}

	@Override
	protected boolean delimitRequests() {
		return true;
	}

	@Override
	protected void onWorkerMessage(int count) {
		byte[][] frames = this.frames;
		byte[] identity = frames[0];
		if (count >= 3 && frames[1].length == 0) {
			if (count == 3 && isReady(frames[2])) {
				ready(workerOrRegister(identity));
				return;
			}
			if (isEnvelope(frames, 2, count)) {
				replyToClient(2, count);
				ready(workerOrRegister(identity));
				return;
			}
		}
		drop("worker", identity, "neither [\"\"][READY] nor [\"\"][client...][\"\"][reply...] (" + count + " frames)");
		RegisteredWorker known = worker(identity);
		if (known != null) {
			ready(known); // a REQ worker that sent anything waits for the next request
		}
	}

}
