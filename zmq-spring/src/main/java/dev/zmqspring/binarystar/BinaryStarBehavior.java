package dev.zmqspring.binarystar;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

/**
 * The Binary Star pair's actor (Guide ch.4 "High-Availability Pair"): a PUB that publishes this
 * peer's state every heartbeat and a SUB that hears the peer's, feeding the
 * {@link BinaryStarStateMachine}. A state message is one frame, the state number as decimal text; a
 * message of more frames, or whose text is not 1 to 4, is dropped and counted and changes nothing.
 * Every heartbeat is also a {@linkplain BinaryStarStateMachine#tick tick} of the machine's clock, by
 * which it notices that this process was paused.
 */
final class BinaryStarBehavior implements ZmqActorBehavior {

	/**
	 * The state socket's size cap. A state message is one digit and junk up to this size is read,
	 * dropped and counted; beyond it JeroMQ drops the connection. Not small: JeroMQ applies the cap to
	 * the ZMTP handshake's READY command too (measured: a 16-byte cap refused every connection).
	 */
	private static final long MAX_STATE_MESSAGE = 64 * 1024;

	private static final int BATCH = 64;

	private final BinaryStarStateMachine machine;

	private final List<ZmqEndpoint> local;

	private final List<ZmqEndpoint> remote;

	private final long heartbeatMillis;

	private final ZmqCounters counters;

	private final @Nullable ZmqSecurity peerSecurity;

	private volatile List<String> endpoints = List.of();

	private volatile List<String> boundLocal = List.of();

	private volatile List<String> connectedRemote = List.of();

	private ZMQ.Socket publisher;

	private long nextPublish;

	BinaryStarBehavior(BinaryStarStateMachine machine, List<ZmqEndpoint> local, List<ZmqEndpoint> remote,
			long heartbeatMillis, @Nullable ZmqSecurity peerSecurity, ZmqCounters counters) {
		this.machine = machine;
		this.peerSecurity = peerSecurity;
		this.local = local;
		this.remote = remote;
		this.heartbeatMillis = heartbeatMillis;
		this.counters = counters;
	}

	List<String> endpoints() {
		return this.endpoints;
	}

	/** Where this peer's state publisher is bound (the {@code local} endpoints, resolved). */
	List<String> boundLocal() {
		return this.boundLocal;
	}

	/** Where the subscriber to the other peer's state publisher connects (the {@code remote} endpoints). */
	List<String> connectedRemote() {
		return this.connectedRemote;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.publisher = loop.socket(SocketType.PUB, List.of());
		List<String> bound = ZmqSocketFactory.attach(this.publisher, this.local, "binary-star local");
		ZmqSocketOptions toPeer = loop.factory().getOptions().withMaxMessageSize(MAX_STATE_MESSAGE);
		ZMQ.Socket subscriber = loop.socket(SocketType.SUB,
				(this.peerSecurity != null) ? toPeer.withSecurity(this.peerSecurity) : toPeer, List.of());
		subscriber.subscribe(ZMQ.SUBSCRIPTION_ALL);
		List<String> connected = ZmqSocketFactory.attach(subscriber, this.remote, "binary-star remote");
		this.boundLocal = List.copyOf(bound);
		this.connectedRemote = List.copyOf(connected);
		this.endpoints = List.copyOf(java.util.stream.Stream.concat(bound.stream(), connected.stream()).toList());
		loop.register(subscriber, this::onPeerState);
		this.machine.tick(System.nanoTime());
		this.nextPublish = System.currentTimeMillis();
	}

	@Override
	public void onClose() {
		this.machine.stopTicking();
	}

	private void onPeerState(ZMQ.Socket subscriber) {
		for (int i = 0; i < BATCH; i++) {
			byte[] frame = subscriber.recv(ZMQ.DONTWAIT);
			if (frame == null) {
				return;
			}
			boolean single = !subscriber.hasReceiveMore();
			while (subscriber.hasReceiveMore()) {
				subscriber.recv(ZMQ.DONTWAIT);
			}
			BinaryStarEvent event = single ? BinaryStarEvent.fromPeerState(parse(frame)) : null;
			if (event == null) {
				this.counters.dropped();
				continue;
			}
			this.counters.received(frame.length);
			this.machine.peer(event, System.currentTimeMillis());
		}
	}

	/** The decimal state number of a frame ("3", or "3\0" from a C peer), or -1. */
	private static int parse(byte[] frame) {
		int length = frame.length;
		if (length > 0 && frame[length - 1] == 0) {
			length--;
		}
		if (length != 1) {
			return -1;
		}
		int digit = frame[0] - '0';
		return (digit >= 1 && digit <= 4) ? digit : -1;
	}

	@Override
	public long nextTimerMillis() {
		return this.nextPublish;
	}

	@Override
	public void onTimer(long now) {
		this.machine.tick(System.nanoTime());
		BinaryStarState state = this.machine.publishedState();
		if (state != null) {
			byte[] message = Integer.toString(state.wireValue()).getBytes(StandardCharsets.US_ASCII);
			if (this.publisher.send(message, ZMQ.DONTWAIT)) {
				this.counters.sent(message.length);
			}
		}
		this.nextPublish = now + this.heartbeatMillis;
	}

}
