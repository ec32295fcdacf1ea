package dev.zmqspring.freelance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * A Freelance server (Guide ch.4 flserver3, spec 10/FLP) as an actor behavior: a ROUTER whose routing
 * identity is its public endpoint, so model 3 clients address it by endpoint. {@code [client]["PING"]}
 * is answered with {@code [client]["PONG"]}; a request {@code [client][control...][body]} is handed
 * to the handler with the last frame as body and answered with {@code [client][control...][reply...]}.
 * Because the control frames come back unchanged, the same server answers model 3 (control = the
 * sequence number), model 2 DEALER clients ({@code ["", sequence]}) and model 1 REQ clients
 * ({@code [""]}). A single frame other than {@code PING} (an unknown command) or an empty message is
 * dropped and counted.
 */
final class FreelanceServer implements ZmqActorBehavior {

	private static final int BATCH = 1024;

	private final String identity;

	private final List<ZmqEndpoint> endpoints;

	private final String source;

	private final ZmqRequestHandler handler;

	private final ZmqCounters counters = new ZmqCounters();

	FreelanceServer(String identity, List<ZmqEndpoint> endpoints, String source, ZmqRequestHandler handler) {
		this.identity = identity;
		this.endpoints = endpoints;
		this.source = source;
		this.handler = handler;
	}

	/** The server's routing identity (its public endpoint). */
	public String getIdentity() {
		return this.identity;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		ZMQ.Socket router = loop.socket(SocketType.ROUTER, List.of());
		router.setIdentity(this.identity.getBytes(StandardCharsets.UTF_8));
		ZmqSocketFactory.attach(router, this.endpoints, this.source);
		loop.register(router, this::onMessage);
	}

	private void onMessage(ZMQ.Socket router) {
		for (int i = 0; i < BATCH; i++) {
			ZMsg msg = ZMsg.recvMsg(router, ZMQ.DONTWAIT);
			if (msg == null) {
				return;
			}
			this.counters.received(msg.contentSize());
			handle(router, msg);
		}
	}

	private void handle(ZMQ.Socket router, ZMsg msg) {
		ZFrame client = msg.pop();
		if (msg.size() == 1 && Arrays.equals(msg.peekFirst().getData(), FreelanceRouterCorrelation.PING)) {
			client.send(router, ZMQ.SNDMORE | ZMQ.DONTWAIT);
			router.send(FreelanceRouterCorrelation.PONG, ZMQ.DONTWAIT);
			return;
		}
		if (msg.size() < 2) {
			drop(); // an unknown command, or nothing at all
			return;
		}
		ZMsg request = new ZMsg();
		request.add(msg.pollLast());
		ZMsg reply = this.handler.handle(request);
		if (reply == null) {
			return;
		}
		if (reply.isEmpty()) {
			reply.add(new byte[0]);
		}
		client.send(router, ZMQ.SNDMORE | ZMQ.DONTWAIT);
		for (ZFrame control : msg) {
			control.send(router, ZMQ.SNDMORE | ZMQ.DONTWAIT);
		}
		this.counters.sent(reply.contentSize());
		reply.send(router, false);
	}

	private void drop() {
		this.counters.dropped();
		this.handler.dropped();
	}

	@Override
	public ZmqCounters counters() {
		return this.counters;
	}

}
