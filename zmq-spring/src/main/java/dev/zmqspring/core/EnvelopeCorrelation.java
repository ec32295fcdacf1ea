package dev.zmqspring.core;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.support.ZmqEndpoint;

/**
 * Correlation by envelope id (Guide ch.3 "Asynchronous Client/Server"): one DEALER per endpoint, each
 * attempt sent as {@code [token][empty][payload...]}. REP and ROUTER servers return everything before
 * the empty delimiter, so the token comes back with the reply and picks its request, with no
 * cooperation from the server (libzmq REP servers included). A reply whose token is no longer in
 * flight (late, of an expired attempt) is dropped and counted.
 */
final class EnvelopeCorrelation implements ZmqAsyncCorrelation {

	private static final byte[] EMPTY = new byte[0];

	private static final int BATCH = 1024;

	private final Map<String, ZMQ.Socket> dealers = new HashMap<>();

	private final Map<Long, ZmqAsyncRequest> inFlight = new HashMap<>();

	private ZmqActorLoop loop;

	private Completions completions;

	@Override
	public void open(ZmqActorLoop loop, Completions completions) {
		this.loop = loop;
		this.completions = completions;
	}

	@Override
	public void send(ZmqAsyncRequest request, long now) {
		ZMQ.Socket dealer = this.dealers.get(request.target());
		if (dealer == null) {
			dealer = this.loop.socket(SocketType.DEALER,
					ZmqEndpoint.parseAll(request.target(), SocketType.DEALER, "requestAsync"));
			this.loop.register(dealer, this::onReply);
			this.dealers.put(request.target(), dealer);
		}
		long token = this.completions.sent(request, now);
		this.inFlight.put(token, request);
		dealer.send(ByteBuffer.allocate(8).putLong(token).array(), ZMQ.SNDMORE);
		dealer.send(EMPTY, ZMQ.SNDMORE);
		byte[][] frames = request.frames();
		for (int i = 0; i < frames.length; i++) {
			dealer.send(frames[i], (i < frames.length - 1) ? ZMQ.SNDMORE : 0);
		}
	}

	private void onReply(ZMQ.Socket dealer) {
		for (int i = 0; i < BATCH; i++) {
			ZMsg msg = ZMsg.recvMsg(dealer, ZMQ.DONTWAIT);
			if (msg == null) {
				return;
			}
			byte[] id = msg.pop().getData();
			ZmqAsyncRequest request = (id.length == 8 && msg.size() > 0 && msg.peekFirst().size() == 0)
					? this.inFlight.remove(ByteBuffer.wrap(id).getLong()) : null;
			if (request == null) {
				this.completions.dropped();
				continue;
			}
			msg.pop();
			this.completions.replied(request, msg);
		}
	}

	@Override
	public void expired(ZmqAsyncRequest request, boolean retry, long now) {
		this.inFlight.remove(request.token());
		if (retry) {
			send(request, now);
		}
	}

	@Override
	public String describe(String target) {
		return target;
	}

	@Override
	public void close(Consumer<ZmqAsyncRequest> failure) {
		this.inFlight.values().forEach(failure);
		this.inFlight.clear();
	}

}
