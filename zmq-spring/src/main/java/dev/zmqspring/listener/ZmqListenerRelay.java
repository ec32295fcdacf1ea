package dev.zmqspring.listener;

import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The front of a listener with several handler threads on a bound endpoint: a bound address can
 * have one socket only, so this actor owns it and spreads the messages over inproc to the handler
 * actors. For request-reply it is the Guide's ch.2 multithreaded server ("mtserver"): a ROUTER (or
 * DEALER) frontend and a DEALER backend relaying both ways, the queue device; for PULL it is a PULL
 * frontend fanning out over an inproc PUSH (the streamer device).
 *
 * <p>When the listener stops, the front is paused first (no new work), the handlers stop (their
 * last replies are already in the inproc pipes), and the front's {@link #onStop} forwards those
 * replies before its sockets close.
 */
final class ZmqListenerRelay implements ZmqListenerActorBehavior {

	private static final int BATCH = 256;

	private final SocketType frontType;

	private final List<ZmqEndpoint> frontEndpoints;

	private final SocketType backType;

	private final String backAddress;

	private volatile List<String> actualEndpoints = List.of();

	private final ZmqGate gate;

	private final ZmqCounters counters;

	private ZMQ.Socket front;

	private ZMQ.Socket back;

	/**
	 * Creates a relay.
	 * @param frontType ROUTER, DEALER or PULL
	 * @param frontEndpoints the listener's endpoints
	 * @param backType DEALER (both ways) or PUSH (one way)
	 * @param backAddress the inproc address the handler actors connect to
	 * @param gate asked for every request from the front (a Binary Star pair's gate), or {@code null}
	 */
	ZmqListenerRelay(SocketType frontType, List<ZmqEndpoint> frontEndpoints, SocketType backType, String backAddress,
			ZmqGate gate) {
		this.gate = gate;
		this.counters = (gate != null) ? new ZmqCounters() : null;
		this.frontType = frontType;
		this.frontEndpoints = frontEndpoints;
		this.backType = backType;
		this.backAddress = backAddress;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.back = loop.socket(this.backType, List.of(ZmqEndpoint.bind(this.backAddress)));
		this.front = loop.socket(this.frontType, List.of());
		this.actualEndpoints = List.copyOf(ZmqSocketFactory.attach(this.front, this.frontEndpoints));
		if (this.gate != null) {
			loop.register(this.front, (socket) -> relayAdmitted(socket, this.back));
		}
		else {
			loop.register(this.front, (socket) -> relay(socket, this.back));
		}
		if (this.backType == SocketType.DEALER) {
			loop.register(this.back, (socket) -> relay(socket, this.front));
		}
	}

	@Override
	public void onStop() {
		if (this.backType == SocketType.DEALER) {
			relay(this.back, this.front); // the handlers' last replies
		}
	}

	private static void relay(ZMQ.Socket from, ZMQ.Socket to) {
		for (int n = 0; n < BATCH; n++) {
			byte[] frame = from.recv(ZMQ.DONTWAIT);
			if (frame == null) {
				return;
			}
			while (from.hasReceiveMore()) {
				to.send(frame, ZMQ.SNDMORE);
				frame = from.recv(0);
			}
			to.send(frame, 0);
		}
	}

	/** Relays the requests the gate admits; a refused one is read to its end, dropped and counted. */
	private void relayAdmitted(ZMQ.Socket from, ZMQ.Socket to) {
		for (int n = 0; n < BATCH; n++) {
			byte[] frame = from.recv(ZMQ.DONTWAIT);
			if (frame == null) {
				return;
			}
			if (!this.gate.admit()) {
				while (from.hasReceiveMore()) {
					from.recv(0);
				}
				this.counters.dropped();
				continue;
			}
			while (from.hasReceiveMore()) {
				to.send(frame, ZMQ.SNDMORE);
				frame = from.recv(0);
			}
			to.send(frame, 0);
		}
	}

	@Override
	public List<String> endpoints() {
		return this.actualEndpoints;
	}

	@Override
	public ZmqCounters counters() {
		return this.counters;
	}

}
