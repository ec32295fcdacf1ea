package dev.zmqspring.freelance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.broker.internal.RouterSender;
import dev.zmqspring.core.internal.ZmqAsyncCorrelation;
import dev.zmqspring.core.internal.ZmqAsyncRequest;
import dev.zmqspring.actor.ZmqCounters;

/**
 * Freelance model 3 (Guide ch.4 "Model Three: Complex and Nasty", flcliapi's agent; spec 10/FLP) as a
 * correlation of the asynchronous request-reply engine, plus the agent's PING timer as a second part
 * of the same actor. One ROUTER connects to every server; a server's routing identity is its endpoint
 * text, so the client addresses {@code [endpoint][sequence][body]} and the reply comes back as
 * {@code [endpoint][sequence][reply]}. Every message from a server (a reply or a {@code PONG}) keeps
 * it alive for the server TTL; silent servers get a {@code PING} every ping interval. Each attempt
 * goes to the first live server in the configured order; an attempt that times out marks its server
 * dead until it is heard from again, and the engine's retry goes to the next live one. With no live
 * server an attempt waits (its timeout running) until one answers a PING. Replies with an unknown
 * sequence number, from an unknown peer, or malformed, are dropped and counted.
 *
 * <p>Actor thread only, except {@link #status()} (a volatile snapshot).
 */
final class FreelanceRouterCorrelation implements ZmqAsyncCorrelation, ZmqActorBehavior {

	static final byte[] PING = "PING".getBytes(StandardCharsets.US_ASCII);

	static final byte[] PONG = "PONG".getBytes(StandardCharsets.US_ASCII);

	private static final int BATCH = 1024;

	/** How soon a server that could not be routed to (still connecting) is pinged again. */
	private static final long CONNECTING_PING_MILLIS = 100;

	private final String name;

	private final long pingMillis;

	private final long ttlMillis;

	private final ZmqCounters counters;

	private final Map<String, Server> servers = new LinkedHashMap<>();

	private final Map<Long, InFlight> inFlight = new HashMap<>();

	private final ArrayDeque<ZmqAsyncRequest> waiting = new ArrayDeque<>();

	private final List<String> initial;

	private volatile List<FreelanceServerStatus> status = List.of();

	private ZMQ.Socket router;

	private RouterSender sender;

	private Completions completions;

	FreelanceRouterCorrelation(String name, List<String> servers, long pingMillis, long ttlMillis,
			ZmqCounters counters) {
		this.name = name;
		this.initial = List.copyOf(servers);
		this.pingMillis = pingMillis;
		this.ttlMillis = ttlMillis;
		this.counters = counters;
	}

	// ---------------------------------------------------------------- correlation

	@Override
	public void open(ZmqActorLoop loop, Completions completions) {
		this.completions = completions;
		this.router = loop.socket(SocketType.ROUTER, List.of());
		this.sender = new RouterSender(this.router, this.counters);
		// the agent's single busy input: the poller waits out JeroMQ's early wake-ups on it
		loop.registerReceiver(this.router, this::onMessage);
		this.initial.forEach(this::connect);
	}

	@Override
	public void open(ZmqActorLoop loop) {
		// the timer part: the sockets were opened with the engine (open(loop, completions))
	}

	/** flcliapi's CONNECT: connects the ROUTER to a server and starts pinging it. */
	void connect(String endpoint) {
		String address = FreelanceClient.address(endpoint, this.name);
		if (this.servers.containsKey(address)) {
			return;
		}
		this.router.connect(address);
		long now = System.currentTimeMillis();
		Server server = new Server(address, address);
		server.pingAt = now;
		this.servers.put(endpoint, server);
		publish();
	}

	/** Forgets a server and disconnects from it; its attempt in flight (if any) times out and is retried. */
	void disconnect(String endpoint) {
		Server server = this.servers.remove(FreelanceClient.address(endpoint, this.name));
		if (server != null) {
			try {
				this.router.disconnect(server.address);
			}
			catch (RuntimeException ex) {
				// not connected (any more)
			}
			publish();
		}
	}

	@Override
	public void send(ZmqAsyncRequest request, long now) {
		this.completions.sent(request, now); // the attempt's timeout runs from now, sent or waiting
		if (!transmit(request, now)) {
			this.waiting.add(request);
		}
	}

	private boolean transmit(ZmqAsyncRequest request, long now) {
		for (Server server : this.servers.values()) {
			if (!server.alive) {
				continue;
			}
			if (!this.sender.routeTo(server.identity)) {
				server.alive = false; // gone since it was last heard
				publish();
				continue;
			}
			byte[][] frames = request.frames();
			this.sender.frame(SequenceFrames.encode(request.token()), frames.length > 0);
			for (int i = 0; i < frames.length; i++) {
				this.sender.frame(frames[i], i < frames.length - 1);
			}
			this.inFlight.put(request.token(), new InFlight(request, server));
			return true;
		}
		return false;
	}

	private void onMessage(ZMQ.Socket socket) {
		long now = System.currentTimeMillis();
		for (int i = 0; i < BATCH; i++) {
			ZMsg msg = ZMsg.recvMsg(socket, (i == 0) ? 0 : ZMQ.DONTWAIT); // a receiver: input is queued
			if (msg == null) {
				break;
			}
			onReply(msg, now);
		}
		flushWaiting(now);
	}

	private void onReply(ZMsg msg, long now) {
		Server server = this.servers.get(new String(msg.pop().getData(), StandardCharsets.UTF_8));
		if (server == null || msg.isEmpty()) {
			this.completions.dropped(); // not one of our servers (any more), or nothing in it
			return;
		}
		heard(server, now);
		byte[] control = msg.pop().getData();
		if (msg.isEmpty() && java.util.Arrays.equals(control, PONG)) {
			return;
		}
		long sequence = SequenceFrames.decode(control);
		InFlight open = (sequence > 0 && !msg.isEmpty()) ? this.inFlight.get(sequence) : null;
		if (open == null || open.request.token() != sequence) {
			this.completions.dropped(); // a late reply of an expired attempt, a wrong sequence, or garbage
			return;
		}
		this.inFlight.remove(sequence);
		this.completions.replied(open.request, msg);
	}

	private void heard(Server server, long now) {
		server.expires = now + this.ttlMillis;
		server.pingAt = now + this.pingMillis;
		server.lastHeard = now;
		if (!server.alive) {
			server.alive = true;
			publish();
		}
	}

	private void flushWaiting(long now) {
		ZmqAsyncRequest request;
		while ((request = this.waiting.peek()) != null) {
			if (request.isDone()) {
				this.waiting.poll();
				continue;
			}
			if (!transmit(request, now)) {
				return;
			}
			this.waiting.poll();
		}
	}

	@Override
	public void expired(ZmqAsyncRequest request, boolean retry, long now) {
		InFlight open = this.inFlight.remove(request.token());
		if (open != null) {
			if (open.server.alive && this.servers.get(open.server.endpoint) == open.server) {
				open.server.alive = false; // it did not answer in time: dead until heard from again
				open.server.pingAt = now;
				publish();
			}
		}
		else {
			this.waiting.remove(request);
		}
		if (retry) {
			send(request, now);
		}
	}

	@Override
	public String describe(String target) {
		return "Freelance client '" + this.name + "' " + this.servers.keySet();
	}

	@Override
	public void close(Consumer<ZmqAsyncRequest> failure) {
		this.inFlight.values().forEach((open) -> failure.accept(open.request));
		this.inFlight.clear();
		this.waiting.forEach(failure);
		this.waiting.clear();
	}

	// ---------------------------------------------------------------- PING timer

	@Override
	public long nextTimerMillis() {
		long next = -1;
		for (Server server : this.servers.values()) {
			long at = server.alive ? Math.min(server.pingAt, server.expires) : server.pingAt;
			if (next < 0 || at < next) {
				next = at;
			}
		}
		return next;
	}

	@Override
	public void onTimer(long now) {
		boolean changed = false;
		for (Server server : this.servers.values()) {
			if (server.alive && now >= server.expires) {
				server.alive = false; // silent for the whole TTL
				changed = true;
			}
			if (now >= server.pingAt) {
				if (this.sender.routeTo(server.identity)) {
					this.sender.frame(PING, false);
					server.pingAt = now + this.pingMillis;
				}
				else {
					// not connected yet (or gone): ROUTER_MANDATORY refused it, try again soon
					server.pingAt = now + Math.min(this.pingMillis, CONNECTING_PING_MILLIS);
				}
			}
		}
		if (changed) {
			publish();
		}
	}

	@Override
	public ZmqCounters counters() {
		return this.counters;
	}

	private void publish() {
		List<FreelanceServerStatus> now = new ArrayList<>(this.servers.size());
		for (Server server : this.servers.values()) {
			now.add(new FreelanceServerStatus(server.endpoint, server.alive, server.lastHeard));
		}
		this.status = List.copyOf(now);
	}

	List<FreelanceServerStatus> status() {
		return this.status;
	}

	private static final class Server {

		final String endpoint;

		final String address;

		final byte[] identity;

		boolean alive;

		long pingAt;

		long expires;

		long lastHeard;

		Server(String endpoint, String address) {
			this.endpoint = endpoint;
			this.address = address;
			this.identity = endpoint.getBytes(StandardCharsets.UTF_8);
		}

	}

	private record InFlight(ZmqAsyncRequest request, Server server) {
	}

}
