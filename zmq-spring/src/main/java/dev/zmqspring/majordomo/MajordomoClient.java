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
 * so replies are correlated by connection: see {@link MajordomoAsyncRequester} (up to
 * {@code async-connections} requests per service in flight, each on its own DEALER; wire-compatible
 * with every MDP broker).</li>
 * <li>A reply in the {@link ZmqErrorReply} format (the worker's handler threw) raises
 * {@link ZmqRemoteException} at once.</li>
 * <li>{@link #isServiceAvailable} asks the broker's {@code mmi.service} (spec 8/MMI).</li>
 * </ul>
 */
public class MajordomoClient implements DisposableBean {

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

	private final ConcurrentHashMap<String, byte[]> serviceFrames = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<Class<?>, Function<ZMsg, Object>> decoders = new ConcurrentHashMap<>();

	private final ZmqCounters asyncCounters = new ZmqCounters();

	private volatile MajordomoAsyncRequester requester;

	private volatile ZmqActor requesterActor;

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
	}

	/** The broker endpoint. */
	public String getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Sends a request to a service and waits for the reply (timeout and retries from the properties).
	 * @param service the service name
	 * @param payload the request body: converted to one frame, or a {@link ZMsg} sent as its frames
	 * @param replyType the reply type ({@link ZMsg} for all frames)
	 * @param <T> the reply type
	 * @return the reply
	 * @throws ZmqRequestTimeoutException if no reply came after every attempt
	 * @throws ZmqRemoteException if the worker's handler failed
	 */
	public <T> T request(String service, Object payload, Class<T> replyType) {
		return request(service, payload, replyType, this.requestTimeout, this.requestRetries);
	}

	/**
	 * Sends a request with an explicit timeout per attempt and number of retries.
	 * @param service the service name
	 * @param payload the request body
	 * @param replyType the reply type
	 * @param timeout how long each attempt waits
	 * @param retries how many times a timed-out request is resent
	 * @param <T> the reply type
	 * @return the reply
	 */
	public <T> T request(String service, Object payload, Class<T> replyType, Duration timeout, int retries) {
		ensureUsable();
		byte[] serviceFrame = serviceFrame(service);
		byte[][] frames = this.converters.toFrames(payload);
		Function<ZMsg, Object> decoder = decoder(replyType);
		ZmqThreadSockets sockets = this.threadSockets;
		long timeoutMillis = Math.max(1, timeout.toMillis());
		int attempts = retries + 1;
		for (int attempt = 1; attempt <= attempts; attempt++) {
			ZmqThreadSockets.Entry entry = dealer();
			ZMQ.Socket dealer = entry.socket();
			try {
				MdpProtocol.sendClientRequest(dealer, serviceFrame, frames);
				long deadline = System.currentTimeMillis() + timeoutMillis;
				while (true) {
					long left = deadline - System.currentTimeMillis();
					if (left <= 0) {
						break;
					}
					entry.receiveTimeout((int) left);
					byte[] first = dealer.recv(0);
					if (first == null) {
						break;
					}
					ZMsg body = MdpProtocol.readClientReply(dealer, first, serviceFrame);
					if (body != null) {
						return replyType.cast(decode(service, body, decoder));
					}
					// a malformed reply: ignore it and keep waiting for the real one
				}
			}
			catch (ZMQException ex) {
				sockets.discard(SocketType.DEALER, this.endpoint);
				if (ex.getErrorCode() == ZError.EINTR) {
					throw interrupted(service);
				}
				throw new ZmqException("Majordomo request to " + this.endpoint + " service '" + service + "' failed: "
						+ ZError.toString(ex.getErrorCode()), ex);
			}
			// mdcliapi: the socket may still get the late reply; drop it and retry on a fresh one
			sockets.discard(SocketType.DEALER, this.endpoint);
			if (Thread.currentThread().isInterrupted()) {
				throw interrupted(service);
			}
		}
		throw new ZmqRequestTimeoutException(this.endpoint + " (service '" + service + "')", timeout, attempts);
	}

	/**
	 * Sends a request without waiting; many may be in flight (Guide ch.4 "Asynchronous Majordomo").
	 * @param service the service name
	 * @param payload the request body
	 * @param replyType the reply type
	 * @param <T> the reply type
	 * @return a future completed with the reply, with {@link ZmqRequestTimeoutException} after every
	 * attempt timed out, or with {@link ZmqRemoteException} if the worker's handler failed
	 */
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> requestAsync(String service, Object payload, Class<T> replyType) {
		ensureUsable();
		serviceFrame(service);
		byte[][] frames = this.converters.toFrames(payload);
		CompletableFuture<Object> future = new CompletableFuture<>();
		MajordomoAsyncRequester actor = requester();
		// the requester turns error replies into ZmqRemoteException before decoding
		if (actor.submit(new MajordomoAsyncRequester.Pending(service, frames, decoder(replyType), future))) {
			ZMQ.Socket wake = wake(actor.inbox());
			wake.send(MdpProtocol.EMPTY, 0);
		}
		return (CompletableFuture<T>) future;
	}

	/**
	 * Asks the broker whether a service has workers ({@code mmi.service}, spec 8/MMI).
	 * @param service the service name
	 * @return {@code true} on "200", {@code false} on "404"
	 */
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
		ZmqActor actor = this.requesterActor;
		if (actor != null) {
			actor.stop(ACTOR_TIMEOUT);
		}
		this.threadSockets.close();
	}

	private Object decode(String service, ZMsg body, Function<ZMsg, Object> decoder) {
		if (ZmqErrorReply.isErrorReply(body)) {
			throw new ZmqRemoteException(this.endpoint + " (service '" + service + "')", ZmqErrorReply.description(body));
		}
		return decoder.apply(body);
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

	private MajordomoAsyncRequester requester() {
		MajordomoAsyncRequester actor = this.requester;
		if (actor == null) {
			synchronized (this) {
				actor = this.requester;
				if (actor == null) {
					actor = new MajordomoAsyncRequester("inproc://zmq-majordomo-client-" + this.id, this.endpoint,
							this.broker, Math.max(1, this.requestTimeout.toMillis()), this.requestRetries + 1,
							this.asyncConnections, this.maxMessageSize, this.asyncCounters);
					ZmqActor thread = new ZmqActor("majordomo-client-" + this.id, this.factory, actor);
					thread.start(ACTOR_TIMEOUT);
					this.requesterActor = thread;
					this.requester = actor;
				}
			}
		}
		return actor;
	}

	/** The calling thread's DEALER to the broker (mdcliapi), created on first use. */
	private ZmqThreadSockets.Entry dealer() {
		ZmqThreadSockets.Entry entry = this.threadSockets.get(SocketType.DEALER, this.endpoint);
		if (entry != null) {
			return entry;
		}
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
		return this.threadSockets.put(SocketType.DEALER, this.endpoint, socket);
	}

	/** The calling thread's PUSH that wakes the asynchronous requester up. */
	private ZMQ.Socket wake(String inbox) {
		ZmqThreadSockets.Entry entry = this.threadSockets.get(SocketType.PUSH, inbox);
		if (entry == null) {
			entry = this.threadSockets.put(SocketType.PUSH, inbox,
					this.factory.create(SocketType.PUSH, List.of(ZmqEndpoint.connect(inbox))));
		}
		return entry.socket();
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
