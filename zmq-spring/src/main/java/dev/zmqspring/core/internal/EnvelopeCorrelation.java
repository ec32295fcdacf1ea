package dev.zmqspring.core.internal;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.core.ZmqFailoverPolicy;
import dev.zmqspring.support.ZmqEndpoint;

/**
 * Correlation by envelope id (Guide ch.3 "Asynchronous Client/Server"): one DEALER per endpoint, each
 * attempt sent as {@code [token][empty][payload...]}. REP and ROUTER servers return everything before
 * the empty delimiter, so the token comes back with the reply and picks its request, with no
 * cooperation from the server (libzmq REP servers included). A reply whose token is no longer in
 * flight (late, of an expired attempt) is dropped and counted. A target that names a server pair
 * ({@code a|b}, Binary Star) sends each attempt to the pair's current server and fails over after a
 * timeout, sharing the failover state of the blocking requests.
 */
public final class EnvelopeCorrelation implements ZmqAsyncCorrelation {

	private static final byte[] EMPTY = new byte[0];

	private static final int BATCH = 1024;

	private final Map<String, ZMQ.Socket> dealers = new HashMap<>();

	private final Map<Long, ZmqAsyncRequest> inFlight = new HashMap<>();

	private final Function<String, ZmqFailoverPolicy> pairs;

	private ZmqActorLoop loop;

	private Completions completions;

	/**
	 * Creates the correlation.
	 * @param pairs the failover policy of a target that names a server pair
	 */
	public EnvelopeCorrelation(Function<String, ZmqFailoverPolicy> pairs) {
		this.pairs = pairs;
	}

	@Override
	public void open(ZmqActorLoop loop, Completions completions) {
		this.loop = loop;
		this.completions = completions;
	}

	@Override
	public void send(ZmqAsyncRequest request, long now) {
		String target = request.target();
		String server = (target.indexOf('|') < 0) ? target : this.pairs.apply(target).server(0);
		request.server = server;
		ZMQ.Socket dealer = this.dealers.get(server);
		if (dealer == null) {
			dealer = this.loop.socket(SocketType.DEALER, ZmqEndpoint.parseAll(server, SocketType.DEALER, "requestAsync"));
			this.loop.register(dealer, this::onReply);
			this.dealers.put(server, dealer);
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
			if (request.server != request.target()) {
				this.pairs.apply(request.target()).answered(request.server);
			}
			this.completions.replied(request, msg);
		}
	}

	@Override
	public void expired(ZmqAsyncRequest request, boolean retry, long now) {
		this.inFlight.remove(request.token());
		if (request.server != request.target()) {
			this.pairs.apply(request.target()).timedOut(request.server);
		}
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
