package dev.zmqspring.majordomo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.core.ZmqFailoverPolicy;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.internal.ZmqRetryPolicy;
import dev.zmqspring.core.internal.AsyncRequestEngine;
import dev.zmqspring.core.internal.LazyPirateRequester;
import dev.zmqspring.core.internal.ZmqAsyncRequest;
import dev.zmqspring.core.internal.ZmqRequestExchange;
import dev.zmqspring.core.internal.ZmqThreadSockets;
import dev.zmqspring.majordomo.internal.MajordomoLaneCorrelation;
import dev.zmqspring.observation.ZmqObservation;
import dev.zmqspring.observation.ZmqSenderObservations;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqInterruptedException;
import dev.zmqspring.support.ZmqSocketFactory;


/**
 * The Majordomo client (Guide ch.4 "Service-Oriented Reliable Queuing", spec 7/MDP client side):
 * asks a broker for a service by name. Thread-safe; auto-configured when {@code zmq.majordomo.endpoint}
 * is set.
 *
 * <ul>
 * <li>{@link #request} is the Guide's mdcliapi: one request at a time on a DEALER of the calling thread
 * (created on first use, reused without a lookup that allocates); when no reply arrives within the
 * timeout the socket is closed, a fresh one connected and the request resent, up to the retries, then
 * {@link ZmqRequestTimeoutException}. A request for a service without workers waits in the broker,
 * so it ends in a timeout unless a worker comes up in time.</li>
 * <li>{@link #requestAsync} is mdcliapi2: many requests in flight on one actor. MDP has no request id,
 * so replies are correlated by connection: see {@link MajordomoLaneCorrelation} (up to
 * {@code async-connections} requests per service in flight, each on its own DEALER; wire-compatible
 * with every MDP broker).</li>
 * <li>A reply in the {@link ZmqErrorReply} format (the worker's handler threw) raises
 * {@link ZmqRemoteException} at once.</li>
 * <li>{@link #isServiceAvailable} asks the broker's {@code mmi.service} (spec 8/MMI).</li>
 * </ul>
 */
public class MajordomoClient implements MajordomoOperations, DisposableBean {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private static final Duration ACTOR_TIMEOUT = Duration.ofSeconds(10);

	private final ZmqSocketFactory factory;

	private final ZmqMessageConverters converters;

	private final String endpoint;

	/** The endpoints of each broker: one, or a Binary Star pair ({@code a|b}). */
	private final Map<String, List<ZmqEndpoint>> brokers;

	private final ZmqRetryPolicy retryPolicy;

	private final long maxMessageSize;

	private final String id = "mdc" + SEQUENCE.incrementAndGet();

	private final ZmqThreadSockets threadSockets;

	private final LazyPirateRequester lazyPirate;

	private final ZmqFailoverPolicy servers;

	private final ConcurrentHashMap<String, byte[]> serviceFrames = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<Class<?>, Function<ZMsg, Object>> decoders = new ConcurrentHashMap<>();

	private final ZmqCounters asyncCounters = new ZmqCounters();

	private final AsyncRequestEngine.OnDemand requester;

	private @Nullable ZmqSenderObservations observations;

	private volatile boolean closed;

	/**
	 * Creates a client.
	 * @param factory the socket factory
	 * @param converters payload converters
	 * @param endpoint the broker endpoint(s), e.g. {@code tcp://localhost:5555}
	 * @param requestTimeout how long each attempt waits for a reply
	 * @param requestRetries how many times a timed-out request is resent on a fresh socket
	 * @param asyncConnections how many requests per service {@link #requestAsync} keeps in flight
	 * @param maxMessageSize the largest reply accepted, -1 for unlimited
	 */
	public MajordomoClient(ZmqSocketFactory factory, ZmqMessageConverters converters, String endpoint,
			Duration requestTimeout, int requestRetries, int asyncConnections, long maxMessageSize) {
		this(factory, converters, endpoint, "the Majordomo client endpoint", requestTimeout, requestRetries,
				asyncConnections, maxMessageSize);
	}

	/**
	 * Creates a client whose endpoint came from a named place.
	 * @param factory the socket factory
	 * @param converters payload converters
	 * @param endpoint the broker endpoint(s), e.g. {@code tcp://localhost:5555}
	 * @param endpointSource where the endpoint came from (a property key, say), named when it is invalid
	 * @param requestTimeout how long each attempt waits for a reply
	 * @param requestRetries how many times a timed-out request is resent on a fresh socket
	 * @param asyncConnections how many requests per service {@link #requestAsync} keeps in flight
	 * @param maxMessageSize the largest reply accepted, -1 for unlimited
	 */
	public MajordomoClient(ZmqSocketFactory factory, ZmqMessageConverters converters, String endpoint,
			String endpointSource, Duration requestTimeout, int requestRetries, int asyncConnections,
			long maxMessageSize) {
		this.retryPolicy = new ZmqRetryPolicy(requestTimeout, requestRetries);
		if (asyncConnections < 1) {
			throw new IllegalArgumentException("asyncConnections must be >= 1 but was " + asyncConnections);
		}
		this.factory = factory;
		this.threadSockets = new ZmqThreadSockets(factory);
		this.converters = converters;
		this.endpoint = endpoint;
		List<String> names = ZmqEndpoint.servers(endpoint);
		List<List<ZmqEndpoint>> parsed = ZmqEndpoint.parseServers(endpoint, SocketType.DEALER, endpointSource);
		Map<String, List<ZmqEndpoint>> byServer = new java.util.LinkedHashMap<>();
		for (int i = 0; i < names.size(); i++) {
			byServer.put(names.get(i), parsed.get(i));
		}
		this.brokers = Map.copyOf(byServer);
		this.maxMessageSize = maxMessageSize;
		this.lazyPirate = new LazyPirateRequester(this.threadSockets, SocketType.DEALER, this::openDealer);
		// a broker pair (Binary Star, Guide ch.4): requests fail over to the other broker after a timeout
		this.servers = (names.size() == 1) ? ZmqFailoverPolicy.single(endpoint) : ZmqFailoverPolicy.alternate(names);
		long silence = this.retryPolicy.timeout().toMillis() * this.retryPolicy.attempts();
		this.requester = new AsyncRequestEngine.OnDemand(() -> new AsyncRequestEngine("majordomo-client-" + this.id,
				factory, new MajordomoLaneCorrelation(endpoint, this.servers, this.brokers::get, asyncConnections,
						maxMessageSize, silence),
				this.retryPolicy, this.asyncCounters, "MajordomoClient"), ACTOR_TIMEOUT);
	}

	/**
	 * Makes the client observe its requests ({@code zmq.request}, tagged with the service; Micrometer
	 * Observation) and append the trace-context frame to the body of requests for the services the
	 * observations name ({@code "*"} for all). The broker passes the frame on to the worker as the last
	 * body frame; a starter worker that accepts trace context removes it. Call it while configuring
	 * the client, before it is used.
	 * @param observations the registry, convention and propagating services, or {@code null} for none
	 */
	public void setObservations(@Nullable ZmqSenderObservations observations) {
		this.observations = observations;
	}

	/** The broker endpoint. */
	public String getEndpoint() {
		return this.endpoint;
	}

	@Override
	public <T> T request(String service, Object payload, Class<T> replyType) {
		return request(service, payload, replyType, this.retryPolicy.timeout(), this.retryPolicy.retries());
	}

	@Override
	public <T> T request(String service, Object payload, Class<T> replyType, Duration timeout, int retries) {
		ensureUsable();
		ZmqSenderObservations observations = this.observations;
		if (observations == null) {
			return request(service, payload, replyType, timeout, retries, null);
		}
		return observations.observe(ZmqObservation.REQUEST, service, SocketType.DEALER.name(),
				(trace) -> request(service, payload, replyType, timeout, retries, trace));
	}

	private <T> T request(String service, Object payload, Class<T> replyType, Duration timeout, int retries,
			byte @Nullable [] trace) {
		MdpExchange exchange = new MdpExchange(service, serviceFrame(service),
				ZmqSenderObservations.append(this.converters.toFrames(payload), trace), decoder(replyType));
		return replyType.cast(this.lazyPirate.request(this.servers, exchange, new ZmqRetryPolicy(timeout, retries)));
	}

	/** One MDP/0.1 client request (mdcliapi): {@code ["" "MDPC01" service body...]} and its reply. */
	private static final class MdpExchange implements ZmqRequestExchange {

		private final String service;

		private final byte[] serviceFrame;

		private final byte[][] frames;

		private final Function<ZMsg, Object> decoder;

		MdpExchange(String service, byte[] serviceFrame, byte[][] frames, Function<ZMsg, Object> decoder) {
			this.service = service;
			this.serviceFrame = serviceFrame;
			this.frames = frames;
			this.decoder = decoder;
		}

		@Override
		public void send(ZMQ.Socket socket) {
			MdpProtocol.sendClientRequest(socket, this.serviceFrame, this.frames);
		}

		@Override
		public Object receive(String server, ZMQ.Socket socket, byte[] first) {
			ZMsg body = MdpProtocol.readClientReply(socket, first, this.serviceFrame);
			if (body == null) {
				return NOT_A_REPLY; // malformed or for another service: keep waiting for the real one
			}
			if (ZmqErrorReply.isErrorReply(body)) {
				throw new ZmqRemoteException(describe(server), ZmqErrorReply.description(body));
			}
			return this.decoder.apply(body);
		}

		@Override
		public String describe(String server) {
			return server + " (service '" + this.service + "')";
		}

	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> requestAsync(String service, Object payload, Class<T> replyType) {
		ensureUsable();
		serviceFrame(service);
		byte[][] frames = this.converters.toFrames(payload);
		CompletableFuture<Object> future = new CompletableFuture<>();
		ZmqSenderObservations observations = this.observations;
		if (observations != null) {
			Observation observation = observations.start(ZmqObservation.REQUEST, service, SocketType.DEALER.name());
			frames = ZmqSenderObservations.append(frames, observations.traceFrame(observation));
			future.whenComplete((reply, failure) -> observations.completed(observation, failure));
		}
		// the engine turns error replies into ZmqRemoteException before decoding
		try {
			this.requester.get().submit(new ZmqAsyncRequest(service, frames, decoder(replyType), future));
		}
		catch (RuntimeException ex) {
			future.completeExceptionally(ex); // ends its observation; the caller gets the exception
			throw ex;
		}
		return (CompletableFuture<T>) future;
	}

	@Override
	public boolean isServiceAvailable(String service) {
		return "200".equals(request("mmi.service", service, String.class));
	}

	/** Counters of the asynchronous side (sent requests, dropped replies). */
	public ZmqCounters getAsyncCounters() {
		return this.asyncCounters;
	}

	/**
	 * Closes the sockets the calling thread opened through this client (optional, for pooled threads
	 * that will not use it again).
	 */
	public void releaseThreadSockets() {
		this.threadSockets.release();
	}

	@Override
	public void destroy() {
		this.closed = true;
		this.requester.stop();
		this.threadSockets.close();
	}

	private byte[] serviceFrame(String service) {
		if (service == null || service.isEmpty()) {
			throw new IllegalArgumentException("A Majordomo service name must not be empty");
		}
		byte[] frame = this.serviceFrames.get(service);
		if (frame == null) {
			frame = this.serviceFrames.computeIfAbsent(service, (s) -> s.getBytes(StandardCharsets.UTF_8));
		}
		return frame;
	}

	/** A new DEALER to the broker (mdcliapi), for the calling thread. */
	private ZMQ.Socket openDealer(String server) {
		ZMQ.Socket socket = this.factory.create(SocketType.DEALER,
				this.factory.getOptions().withMaxMessageSize(this.maxMessageSize));
		try {
			ZmqSocketFactory.attach(socket, this.brokers.get(server));
		}
		catch (RuntimeException ex) {
			socket.setLinger(0);
			this.factory.close(socket);
			throw ex;
		}
		return socket;
	}

	private void ensureUsable() {
		if (this.closed) {
			throw new ZmqException("MajordomoClient is closed (application context shutting down)");
		}
		if (Thread.currentThread().isInterrupted()) {
			throw interrupted("?");
		}
	}

	private ZmqInterruptedException interrupted(String service) {
		Thread.currentThread().interrupt();
		return new ZmqInterruptedException("Interrupted while asking " + this.endpoint + " for service '" + service + "'");
	}

	private Function<ZMsg, Object> decoder(Class<?> replyType) {
		Function<ZMsg, Object> decoder = this.decoders.get(replyType);
		if (decoder == null) {
			decoder = this.decoders.computeIfAbsent(replyType, this.converters::replyDecoder);
		}
		return decoder;
	}

}
