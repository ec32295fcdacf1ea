package dev.zmqspring.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.internal.DropLog;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.internal.ZmqFrameGuard;

/**
 * The ZAP handler (RFC 27) as an actor behavior: binds the context's
 * {@code inproc://zeromq.zap.01} with a ROUTER, reads the requests JeroMQ sends for every handshake
 * of a secured server socket, asks the {@link ZmqAccessPolicy} of the request's domain (the profile)
 * and replies. The NULL connections of the starter's unsecured bound sockets, whose domain
 * {@link ZmqFrameGuard#ZAP_DOMAIN} only keeps ZMTP 1.0 peers out, are let in without being counted. A
 * request for any other domain without a policy is denied: a PLAIN or CURVE server socket of
 * the same context that the starter did not secure is never let open by accident. A malformed
 * request is dropped and counted; an exception in a decision (an application's
 * {@link ZmqAuthenticator}) becomes status 500 and is counted as an error.
 */
final class ZapHandler implements ZmqActorBehavior {

	private static final Log logger = LogFactory.getLog(ZapHandler.class);

	private static final int BATCH = 64;

	private final Map<String, ZmqAccessPolicy> policies;

	private final ZmqCounters counters;

	private final BiConsumer<ZapRequest, ZapDecision> audit;

	private final LongSupplier clock;

	private final DropLog deniedLog = new DropLog(logger, "ZAP handler");

	ZapHandler(Map<String, ZmqAccessPolicy> policies, ZmqCounters counters, BiConsumer<ZapRequest, ZapDecision> audit,
			LongSupplier clock) {
		this.policies = policies;
		this.counters = counters;
		this.audit = audit;
		this.clock = clock;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		ZMQ.Socket socket = loop.socket(SocketType.ROUTER, List.of(ZmqEndpoint.bind(ZmqAuthentication.ENDPOINT)));
		socket.setSndHWM(0);
		socket.setRcvHWM(0);
		loop.register(socket, this::onReadable);
	}

	@Override
	public ZmqCounters counters() {
		return this.counters;
	}

	private void onReadable(ZMQ.Socket socket) {
		for (int i = 0; i < BATCH; i++) {
			ZMsg message = ZMsg.recvMsg(socket, ZMQ.DONTWAIT);
			if (message == null) {
				return;
			}
			this.counters.received(message.contentSize());
			handle(socket, message);
		}
	}

	private void handle(ZMQ.Socket socket, ZMsg message) {
		// [routing id][empty][version][request id][domain][address][identity][mechanism][credentials...]
		if (message.size() < 8) {
			this.counters.dropped();
			return;
		}
		List<ZFrame> frames = new ArrayList<>(message);
		ZFrame routingId = frames.get(0);
		ZFrame requestId = frames.get(3);
		String version = frames.get(2).getString(StandardCharsets.UTF_8);
		if (frames.get(1).size() != 0 || !"1.0".equals(version)) {
			this.counters.dropped();
			return;
		}
		List<byte[]> credentials = new ArrayList<>();
		for (int i = 8; i < frames.size(); i++) {
			credentials.add(frames.get(i).getData());
		}
		ZapRequest request = new ZapRequest(frames.get(4).getString(StandardCharsets.UTF_8),
				frames.get(5).getString(StandardCharsets.UTF_8), frames.get(7).getString(StandardCharsets.UTF_8),
				List.copyOf(credentials));
		if (ZmqFrameGuard.ZAP_DOMAIN.equals(request.domain()) && "NULL".equals(request.mechanism())) {
			// an unsecured bound socket of the starter: its domain only keeps ZMTP 1.0 out
			reply(socket, routingId, requestId, ZapDecision.allow(""));
			return;
		}
		ZapDecision decision = decide(request);
		reply(socket, routingId, requestId, decision);
		if (!decision.isAllowed()) {
			this.deniedLog.warn(request.address().getBytes(StandardCharsets.UTF_8),
					"denied " + request + " (" + decision.statusCode() + " " + decision.statusText() + ")",
					this.clock.getAsLong());
		}
		try {
			this.audit.accept(request, decision);
		}
		catch (RuntimeException ex) {
			logger.debug("ZAP audit failed", ex);
		}
	}

	private ZapDecision decide(ZapRequest request) {
		ZmqAccessPolicy policy = this.policies.get(request.domain());
		if (policy == null) {
			return ZapDecision.deny("no security profile '" + request.domain() + "'");
		}
		try {
			ZapDecision decision = policy.decide(request);
			return (decision != null) ? decision : ZapDecision.error("no decision");
		}
		catch (RuntimeException ex) {
			this.counters.error();
			return ZapDecision.error("authentication failed: " + ex);
		}
	}

	private void reply(ZMQ.Socket socket, ZFrame routingId, ZFrame requestId, ZapDecision decision) {
		ZMsg reply = new ZMsg();
		reply.add(routingId);
		reply.add(new byte[0]);
		reply.add("1.0");
		reply.add(requestId);
		reply.add(Integer.toString(decision.statusCode()));
		reply.add(decision.statusText());
		reply.add(decision.userId());
		reply.add(new byte[0]);
		long size = reply.contentSize();
		if (reply.send(socket, true)) {
			this.counters.sent(size);
		}
	}

}
