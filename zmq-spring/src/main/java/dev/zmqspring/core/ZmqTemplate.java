package dev.zmqspring.core;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.zeromq.SocketType;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

import zmq.ZError;

import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.core.internal.AsyncRequestEngine;
import dev.zmqspring.core.internal.EnvelopeCorrelation;
import dev.zmqspring.core.internal.LazyPirateRequester;
import dev.zmqspring.core.internal.ZmqAsyncRequest;
import dev.zmqspring.core.internal.ZmqRequestExchange;
import dev.zmqspring.core.internal.ZmqRetryPolicy;
import dev.zmqspring.core.internal.ZmqThreadSockets;
import dev.zmqspring.observation.ZmqObservation;
import dev.zmqspring.observation.ZmqSenderObservations;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqInterruptedException;
import dev.zmqspring.support.ZmqPublishStamp;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The thread-safe entry point for sending: publish, push, raw multipart, and request-reply with the
 * Lazy Pirate client of Guide ch.4. Auto-configured; inject it anywhere.
 *
 * <h2>Threading (Guide ch.2 "Multithreading with ZeroMQ")</h2>
 * <ul>
 * <li>Connected endpoints (PUSH, REQ, DEALER, connecting PUB...) use a socket per calling thread,
 * created on first use and then reused with no lookup that allocates; a thread's sockets are used
 * and closed by that thread only. When a thread has ended, its sockets are closed the next time a
 * new thread starts using the template; any left at shutdown are closed by the {@code ZContext}.</li>
 * <li>Bound endpoints ({@code publish("@tcp://*:5556", ...)}) can have one socket only: an actor
 * owns it and every thread hands frames to it over inproc.</li>
 * <li>{@link #requestAsync} runs on one actor with a DEALER per endpoint and many requests in
 * flight.</li>
 * <li>An interrupted caller gets a {@link ZmqInterruptedException} (its interrupt flag set again)
 * and loses only its own socket; other threads are not affected. The template never touches a
 * socket from a thread whose interrupt flag is set, because JeroMQ's internal pipes break on
 * interrupt.</li>
 * </ul>
 */
public class ZmqTemplate implements ZmqOperations, DisposableBean {

	/** The endpoint entry that stands for every endpoint. */
	public static final String ALL_ENDPOINTS = "*";

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private static final Duration ACTOR_TIMEOUT = Duration.ofSeconds(10);

	private final ZmqSocketFactory factory;

	private final ZmqMessageConverters converters;

	private final ZmqRetryPolicy retryPolicy;

	private final String id = "t" + SEQUENCE.incrementAndGet();

	private final ZmqThreadSockets threadSockets;

	private final LazyPirateRequester lazyPirate;

	private final Map<String, BoundSocketRelay> relays = new ConcurrentHashMap<>();

	private final Map<String, ZmqFailoverPolicy> failovers = new ConcurrentHashMap<>();

	private final AsyncRequestEngine.OnDemand requester;

	private @Nullable ZmqSenderObservations observations;

	private @Nullable Set<String> stampedEndpoints;

	private volatile boolean closed;

	/**
	 * Creates a template.
	 * @param factory the socket factory
	 * @param converters payload converters
	 * @param requestTimeout the timeout of each request attempt
	 * @param requestRetries how many times a timed-out request is resent
	 */
	public ZmqTemplate(ZmqSocketFactory factory, ZmqMessageConverters converters, Duration requestTimeout,
			int requestRetries) {
		this.retryPolicy = new ZmqRetryPolicy(requestTimeout, requestRetries);
		this.factory = factory;
		this.threadSockets = new ZmqThreadSockets(factory);
		this.converters = converters;
		this.lazyPirate = new LazyPirateRequester(this.threadSockets, SocketType.REQ, (server) -> open(SocketType.REQ, server));
		this.requester = new AsyncRequestEngine.OnDemand(() -> new AsyncRequestEngine("template-requester-" + this.id,
				factory, new EnvelopeCorrelation(this::failover), this.retryPolicy, new ZmqCounters(), "ZmqTemplate"), ACTOR_TIMEOUT);
	}

	/**
	 * Makes the template observe what it sends ({@code zmq.send} for publish, push and send,
	 * {@code zmq.request} for requests; Micrometer Observation) and append the trace-context frame to
	 * the messages of the targets the observations name. Call it while configuring the template,
	 * before it is used.
	 * @param observations the registry, convention and propagation targets, or {@code null} for no
	 * observation (the default: then nothing on the send path looks at observation but one field)
	 */
	public void setObservations(@Nullable ZmqSenderObservations observations) {
		this.observations = observations;
	}

	/**
	 * Makes {@link #publish} append a publish stamp ({@link ZmqPublishStamp}: the time of publishing)
	 * to the messages for these endpoints, for subscribers that detect when they fall behind
	 * ({@code @ZmqSubscriber(maxLag = ...)}, Guide ch.5 Suicidal Snail). Call it while configuring the
	 * template.
	 * @param endpoints endpoints exactly as passed to {@code publish}, {@value #ALL_ENDPOINTS} for all;
	 * empty for none (the default)
	 */
	public void setStampedEndpoints(Collection<String> endpoints) {
		this.stampedEndpoints = endpoints.isEmpty() ? null : Set.copyOf(endpoints);
	}

	/** What tells a request's outcome: {@code timeout} for a {@link ZmqRequestTimeoutException}, else {@code error}. */
	public static String outcome(Throwable failure) {
		return (failure instanceof ZmqRequestTimeoutException) ? "timeout" : "error";
	}

	/** The converters the template uses. */
	public ZmqMessageConverters getConverters() {
		return this.converters;
	}

	@Override
	public void publish(String endpoint, String topic, Object payload) {
		ZmqSenderObservations observations = this.observations;
		if (observations == null) {
			publish(endpoint, topic, payload, null);
			return;
		}
		observations.observe(ZmqObservation.SEND, endpoint, SocketType.PUB.name(), (trace) -> {
			publish(endpoint, topic, payload, trace);
			return null;
		});
	}

	private void publish(String endpoint, String topic, Object payload, byte @Nullable [] trace) {
		ZMQ.Socket socket = sender(SocketType.PUB, endpoint);
		byte[] topicFrame = this.converters.toFrame(topic);
		byte[] stamp = stamps(endpoint) ? ZmqPublishStamp.of(System.currentTimeMillis()) : null;
		if (payload instanceof ZMsg msg) {
			sendFrames(socket, topicFrame, msg, stamp, trace);
			return;
		}
		byte[] frame = this.converters.toFrame(payload);
		socket.send(topicFrame, ZMQ.SNDMORE);
		if (stamp != null) {
			socket.send(frame, ZMQ.SNDMORE);
			frame = stamp;
		}
		if (trace != null) {
			socket.send(frame, ZMQ.SNDMORE);
			frame = trace;
		}
		checkSent(socket.send(frame, 0), socket, endpoint);
	}

	private boolean stamps(String endpoint) {
		Set<String> stamped = this.stampedEndpoints;
		return stamped != null && (stamped.contains(ALL_ENDPOINTS) || stamped.contains(endpoint));
	}

	@Override
	public void push(String endpoint, Object payload) {
		ZmqSenderObservations observations = this.observations;
		if (observations == null) {
			push(endpoint, payload, null);
			return;
		}
		observations.observe(ZmqObservation.SEND, endpoint, SocketType.PUSH.name(), (trace) -> {
			push(endpoint, payload, trace);
			return null;
		});
	}

	private void push(String endpoint, Object payload, byte @Nullable [] trace) {
		ZMQ.Socket socket = sender(SocketType.PUSH, endpoint);
		if (payload instanceof ZMsg msg) {
			sendFrames(socket, null, msg, trace);
			return;
		}
		byte[] frame = this.converters.toFrame(payload);
		if (trace != null) {
			socket.send(frame, ZMQ.SNDMORE);
			frame = trace;
		}
		checkSent(socket.send(frame, 0), socket, endpoint);
	}

	@Override
	public void send(String endpoint, SocketType type, ZMsg message) {
		switch (type) {
			case REQ, REP -> throw new IllegalArgumentException(
					"send() is fire-and-forget; use request() for " + type + " (Lazy Pirate)");
			case SUB, PULL -> throw new IllegalArgumentException("A " + type + " socket cannot send");
			default -> {
			}
		}
		if (message == null || message.isEmpty()) {
			throw new ZmqMessageConversionException("Cannot send an empty message");
		}
		ZmqSenderObservations observations = this.observations;
		if (observations == null) {
			sendFrames(sender(type, endpoint), null, message, null);
			return;
		}
		observations.observe(ZmqObservation.SEND, endpoint, type.name(), (trace) -> {
			sendFrames(sender(type, endpoint), null, message, trace);
			return null;
		});
	}

	private void sendFrames(ZMQ.Socket socket, byte[] first, ZMsg msg, byte @Nullable [] trace) {
		sendFrames(socket, first, msg, null, trace);
	}

	private void sendFrames(ZMQ.Socket socket, byte[] first, ZMsg msg, byte @Nullable [] stamp,
			byte @Nullable [] trace) {
		boolean trailer = stamp != null || trace != null;
		if (first != null) {
			socket.send(first, (msg.isEmpty() && !trailer) ? 0 : ZMQ.SNDMORE);
		}
		int remaining = msg.size();
		for (ZFrame frame : msg) {
			socket.send(frame.getData(), (--remaining > 0 || trailer) ? ZMQ.SNDMORE : 0);
		}
		if (stamp != null) {
			socket.send(stamp, (trace != null) ? ZMQ.SNDMORE : 0);
		}
		if (trace != null) {
			socket.send(trace, 0);
		}
	}

	private void checkSent(boolean sent, ZMQ.Socket socket, String endpoint) {
		if (!sent) {
			int errno = socket.errno();
			if (errno == ZError.EINTR) {
				throw interrupted(endpoint);
			}
			throw new ZmqException("Could not send to " + endpoint + ": " + ZError.toString(errno));
		}
	}

	@Override
	public <T> T request(String endpoint, Object payload, Class<T> replyType) {
		return request(endpoint, payload, replyType, this.retryPolicy);
	}

	/**
	 * {@inheritDoc}
	 * <p>An endpoint that names a server pair, {@code tcp://a:5001|tcp://b:5002}, is a Binary Star
	 * client (Guide ch.4 bstarcli): each attempt goes to the current server, a timeout fails over to the
	 * other on a fresh socket, and the server that answered stays current for later requests.
	 */
	@Override
	public <T> T request(String endpoint, Object payload, Class<T> replyType, Duration timeout, int retries) {
		return request(endpoint, payload, replyType, new ZmqRetryPolicy(timeout, retries));
	}

	private <T> T request(String endpoint, Object payload, Class<T> replyType, ZmqRetryPolicy policy) {
		ensureUsable(endpoint);
		ZmqSenderObservations observations = this.observations;
		if (observations == null) {
			return request(endpoint, exchange(payload, replyType, null), replyType, policy);
		}
		return observations.observe(ZmqObservation.REQUEST, endpoint, SocketType.REQ.name(),
				(trace) -> request(endpoint, exchange(payload, replyType, trace), replyType, policy));
	}

	private <T> T request(String endpoint, ZmqRequestExchange exchange, Class<T> replyType, ZmqRetryPolicy policy) {
		Object reply = (endpoint.indexOf('|') < 0) ? this.lazyPirate.request(endpoint, exchange, policy)
				: this.lazyPirate.request(failover(endpoint), exchange, policy);
		return replyType.cast(reply);
	}

	/**
	 * Sends a request with Lazy Pirate retries, each attempt to the server the policy names: the entry
	 * point for clients of a server pair or group (Binary Star, Freelance; Guide ch.4). Observed like
	 * every request ({@code zmq.request}), its target the server of the first attempt, which also
	 * decides whether the message carries the trace-context frame.
	 * @param servers which server each attempt goes to
	 * @param payload the request: converted to one frame, or a {@link ZMsg} sent as its frames
	 * @param replyType the reply type ({@link ZMsg} for all frames)
	 * @param timeout how long each attempt waits
	 * @param retries how many times a timed-out request is resent
	 * @param <T> the reply type
	 * @return the reply
	 */
	public <T> T request(ZmqFailoverPolicy servers, Object payload, Class<T> replyType, Duration timeout,
			int retries) {
		String first = servers.server(0);
		ensureUsable(first);
		ZmqRetryPolicy policy = new ZmqRetryPolicy(timeout, retries);
		ZmqSenderObservations observations = this.observations;
		if (observations == null) {
			return replyType.cast(this.lazyPirate.request(servers, exchange(payload, replyType, null), policy));
		}
		return observations.observe(ZmqObservation.REQUEST, first, SocketType.REQ.name(), (trace) -> replyType
			.cast(this.lazyPirate.request(servers, exchange(payload, replyType, trace), policy)));
	}

	private ZmqRequestExchange exchange(Object payload, Class<?> replyType, byte @Nullable [] trace) {
		return new ReqExchange(ZmqSenderObservations.append(this.converters.toFrames(payload), trace), replyType,
				this.converters.replyDecoder(replyType));
	}

	/** The shared failover state of a server pair: every thread fails over together. */
	private ZmqFailoverPolicy failover(String endpoint) {
		ZmqFailoverPolicy policy = this.failovers.get(endpoint);
		if (policy == null) {
			policy = this.failovers.computeIfAbsent(endpoint,
					(servers) -> ZmqFailoverPolicy.alternate(ZmqEndpoint.servers(servers)));
		}
		return policy;
	}

	/** A plain request on a REQ socket: the frames as given, the whole reply. */
	private final class ReqExchange implements ZmqRequestExchange {

		private final byte[][] frames;

		private final Class<?> replyType;

		private final Function<ZMsg, Object> decoder;

		ReqExchange(byte[][] frames, Class<?> replyType, Function<ZMsg, Object> decoder) {
			this.frames = frames;
			this.replyType = replyType;
			this.decoder = decoder;
		}

		@Override
		public void send(ZMQ.Socket socket) {
			byte[][] all = this.frames;
			for (int i = 0; i < all.length; i++) {
				socket.send(all[i], (i < all.length - 1) ? ZMQ.SNDMORE : 0);
			}
		}

		@Override
		public Object receive(String server, ZMQ.Socket socket, byte[] first) {
			return reply(server, socket, first, this.replyType, this.decoder);
		}

	}

	private Object reply(String endpoint, ZMQ.Socket socket, byte[] first, Class<?> replyType,
			Function<ZMsg, Object> decoder) {
		if (!socket.hasReceiveMore() && replyType != ZMsg.class) {
			return this.converters.fromFrame(first, replyType);
		}
		ZMsg reply = new ZMsg();
		reply.add(first);
		while (socket.hasReceiveMore()) {
			reply.add(socket.recv(0));
		}
		if (ZmqErrorReply.isErrorReply(reply)) {
			throw new ZmqRemoteException(endpoint, ZmqErrorReply.description(reply));
		}
		return decoder.apply(reply);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> requestAsync(String endpoint, Object payload, Class<T> replyType) {
		ensureUsable(endpoint);
		byte[][] frames = this.converters.toFrames(payload);
		ZmqEndpoint.parseServers(endpoint, SocketType.DEALER, "requestAsync"); // a bad endpoint fails the caller
		CompletableFuture<Object> future = new CompletableFuture<>();
		ZmqSenderObservations observations = this.observations;
		if (observations != null) {
			Observation observation = observations.start(ZmqObservation.REQUEST, endpoint, SocketType.DEALER.name());
			frames = ZmqSenderObservations.append(frames, observations.traceFrame(observation));
			future.whenComplete((reply, failure) -> observations.completed(observation, failure));
		}
		try {
			this.requester.get().submit(new ZmqAsyncRequest(endpoint, frames, this.converters.replyDecoder(replyType), future));
		}
		catch (RuntimeException ex) {
			future.completeExceptionally(ex); // ends its observation; the caller gets the exception
			throw ex;
		}
		return (CompletableFuture<T>) future;
	}

	@Override
	public List<String> bind(String endpoint, SocketType type) {
		ensureUsable(endpoint);
		return relay(type, endpoint, ZmqEndpoint.parseAll(endpoint, type, "ZmqTemplate")).boundEndpoints();
	}

	/**
	 * Closes the sockets the calling thread opened through this template. Optional: call it before
	 * returning a long-lived thread to a pool that will not use the template again.
	 */
	public void releaseThreadSockets() {
		this.threadSockets.release();
	}

	/** How many sockets the template holds open for calling threads (for tests and the actuator). */
	public int getThreadSocketCount() {
		return this.threadSockets.count();
	}

	/** Replies dropped by {@link #requestAsync} because no request was waiting for them (late or stale). */
	public long getDroppedReplies() {
		return this.requester.dropped();
	}

	@Override
	public void destroy() {
		this.closed = true;
		this.requester.stop();
		this.relays.values().forEach((relay) -> relay.stop(ACTOR_TIMEOUT));
		this.relays.clear();
		this.threadSockets.close();
	}

	private ZMQ.Socket sender(SocketType type, String endpoint) {
		ensureUsable(endpoint);
		ZmqThreadSockets.Entry entry = this.threadSockets.get(type, endpoint);
		if (entry == null) {
			entry = this.threadSockets.put(type, endpoint, openSender(type, endpoint));
		}
		return entry.socket();
	}

	private ZMQ.Socket openSender(SocketType type, String endpoint) {
		List<ZmqEndpoint> endpoints = ZmqEndpoint.parseAll(endpoint, type, "ZmqTemplate");
		if (endpoints.stream().noneMatch(ZmqEndpoint::bind)) {
			return this.factory.create(type, endpoints);
		}
		BoundSocketRelay relay = relay(type, endpoint, endpoints);
		return this.factory.create(SocketType.PUSH, List.of(ZmqEndpoint.connect(relay.inbox())));
	}

	private BoundSocketRelay relay(SocketType type, String endpoint, List<ZmqEndpoint> endpoints) {
		String key = type.name() + " " + endpoint;
		BoundSocketRelay relay = this.relays.get(key);
		if (relay != null) {
			return relay;
		}
		synchronized (this.relays) {
			relay = this.relays.get(key);
			if (relay == null) {
				relay = new BoundSocketRelay(endpoint, type, endpoints, this.factory);
				relay.start(ACTOR_TIMEOUT);
				this.relays.put(key, relay);
			}
			return relay;
		}
	}

	private ZMQ.Socket open(SocketType type, String endpoint) {
		return this.factory.create(type, ZmqEndpoint.parseAll(endpoint, type, "ZmqTemplate"));
	}

	private void ensureUsable(String endpoint) {
		if (this.closed) {
			throw new ZmqException("ZmqTemplate is closed (application context shutting down)");
		}
		if (Thread.currentThread().isInterrupted()) {
			throw interrupted(endpoint);
		}
	}

	private ZmqInterruptedException interrupted(String endpoint) {
		Thread.currentThread().interrupt();
		return new ZmqInterruptedException("Interrupted while talking to " + endpoint);
	}

}
