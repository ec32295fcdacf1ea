package dev.zmqspring.majordomo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

import org.springframework.beans.factory.DisposableBean;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqInterruptedException;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.core.ZmqThreadSockets;
import dev.zmqspring.core.AsyncRequestEngine;
import dev.zmqspring.core.LazyPirateRequester;
import dev.zmqspring.core.ZmqAsyncRequest;
import dev.zmqspring.core.ZmqFailoverPolicy;
import dev.zmqspring.core.ZmqRequestExchange;

import zmq.ZError;

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

	private final List<ZmqEndpoint> broker;

	private final Duration requestTimeout;

	private final int requestRetries;

	private final int asyncConnections;

	private final long maxMessageSize;

	private final String id = "mdc" + SEQUENCE.incrementAndGet();

	private final ZmqThreadSockets threadSockets;

	private final LazyPirateRequester lazyPirate;

	private final ZmqFailoverPolicy servers;

	private final ConcurrentHashMap<String, byte[]> serviceFrames = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<Class<?>, Function<ZMsg, Object>> decoders = new ConcurrentHashMap<>();

	private final ZmqCounters asyncCounters = new ZmqCounters();

	private volatile AsyncRequestEngine requester;

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
		if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
			throw new IllegalArgumentException("requestTimeout must be positive but was " + requestTimeout);
		}
		if (requestRetries < 0) {
			throw new IllegalArgumentException("requestRetries must be >= 0 but was " + requestRetries);
		}
		if (asyncConnections < 1) {
			throw new IllegalArgumentException("asyncConnections must be >= 1 but was " + asyncConnections);
		}
		this.factory = factory;
		this.threadSockets = new ZmqThreadSockets(factory);
		this.converters = converters;
		this.endpoint = endpoint;
		this.broker = ZmqEndpoint.parseAll(endpoint, SocketType.DEALER, endpointSource);
		this.requestTimeout = requestTimeout;
		this.requestRetries = requestRetries;
		this.asyncConnections = asyncConnections;
		this.maxMessageSize = maxMessageSize;
		this.lazyPirate = new LazyPirateRequester(this.threadSockets, SocketType.DEALER, this::openDealer);
		this.servers = ZmqFailoverPolicy.single(endpoint);
	}

	/** The broker endpoint. */
	public String getEndpoint() {
		return this.endpoint;
	}

	@Override
	public <T> T request(String service, Object payload, Class<T> replyType) {
		return request(service, payload, replyType, this.requestTimeout, this.requestRetries);
	}

	@Override
	public <T> T request(String service, Object payload, Class<T> replyType, Duration timeout, int retries) {
		ensureUsable();
		MdpExchange exchange = new MdpExchange(service, serviceFrame(service), this.converters.toFrames(payload),
				decoder(replyType));
		return replyType.cast(this.lazyPirate.request(this.servers, exchange, timeout, retries + 1));
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
		// the engine turns error replies into ZmqRemoteException before decoding
		requester().submit(new ZmqAsyncRequest(service, frames, decoder(replyType), future));
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
		AsyncRequestEngine engine = this.requester;
		if (engine != null) {
			engine.stop(ACTOR_TIMEOUT);
		}
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

	private AsyncRequestEngine requester() {
		AsyncRequestEngine engine = this.requester;
		if (engine == null) {
			synchronized (this) {
				engine = this.requester;
				if (engine == null) {
					long timeoutMillis = Math.max(1, this.requestTimeout.toMillis());
					int attempts = this.requestRetries + 1;
					MajordomoLaneCorrelation lanes = new MajordomoLaneCorrelation(this.endpoint, this.broker,
							this.asyncConnections, this.maxMessageSize, timeoutMillis * attempts);
					engine = new AsyncRequestEngine("majordomo-client-" + this.id, this.factory, lanes,
							this.requestTimeout, attempts, this.asyncCounters, "MajordomoClient");
					engine.start(ACTOR_TIMEOUT);
					this.requester = engine;
				}
			}
		}
		return engine;
	}

	/** A new DEALER to the broker (mdcliapi), for the calling thread. */
	private ZMQ.Socket openDealer(String server) {
		ZMQ.Socket socket = this.factory.create(SocketType.DEALER,
				this.factory.getOptions().withMaxMessageSize(this.maxMessageSize));
		try {
			ZmqSocketFactory.attach(socket, this.broker);
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
