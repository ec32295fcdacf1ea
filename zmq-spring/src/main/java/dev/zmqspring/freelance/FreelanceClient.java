package dev.zmqspring.freelance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import org.springframework.beans.factory.DisposableBean;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.internal.ZmqCompositeBehavior;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.core.internal.AsyncRequestEngine;
import dev.zmqspring.core.internal.LazyPirateRequester;
import dev.zmqspring.core.internal.ZmqAsyncRequest;
import dev.zmqspring.core.ZmqFailoverPolicy;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.internal.ZmqRetryPolicy;
import dev.zmqspring.core.internal.ZmqThreadSockets;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqInterruptedException;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The Freelance client (Guide ch.4 "Brokerless Reliability"; spec 10/FLP): several equal servers, no
 * broker, and a client that finds a live one. Thread-safe; auto-configured as one bean per
 * {@code zmq.freelance.clients.<name>}. The {@link FreelanceStrategy} picks the Guide's model, each
 * a policy of the one request-reply engine of {@code dev.zmqspring.core}:
 * <ul>
 * <li>{@link FreelanceStrategy#SEQUENTIAL} (model 1): {@link LazyPirateRequester} with a REQ per
 * calling thread and server and {@link SequentialFailover}; a timeout closes the socket and moves on
 * to the next server on a fresh one. Each request tries every server twice round (a single server
 * three times) before {@link ZmqRequestTimeoutException}.</li>
 * <li>{@link FreelanceStrategy#SHOTGUN} (model 2): {@link LazyPirateRequester} with one DEALER per
 * calling thread connected to every server; each attempt sends the numbered request once per server,
 * the first reply with the number wins, the others are dropped. Two attempts.</li>
 * <li>{@link FreelanceStrategy#ROUTER} (model 3): an {@link AsyncRequestEngine} on an actor of the
 * client's own, with {@link FreelanceRouterCorrelation} (PING/PONG, first live server, retried on
 * another); as many attempts as servers, twice round. Blocking requests wait for the future.</li>
 * </ul>
 * {@link #requestAsync} of the two blocking models runs the blocking request on a small pool of the
 * client's own threads. {@link #connect} and {@link #disconnect} change the servers at runtime
 * (flcliapi's CONNECT).
 */
public class FreelanceClient implements DisposableBean {

	private static final Duration ACTOR_TIMEOUT = Duration.ofSeconds(10);

	private static final AtomicInteger IDS = new AtomicInteger();

	private final String name;

	private final FreelanceStrategy strategy;

	private final ZmqSocketFactory factory;

	private final ZmqMessageConverters converters;

	private final Duration requestTimeout;

	private final ZmqCounters counters = new ZmqCounters();

	private final ConcurrentHashMap<Class<?>, Function<ZMsg, Object>> decoders = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	// models 1 and 2
	private final ZmqThreadSockets threadSockets;

	private final LazyPirateRequester requester;

	private final SequentialFailover servers;

	private volatile String shotgunKey;

	private volatile ExecutorService asyncPool;

	// model 3
	private final FreelanceRouterCorrelation correlation;

	private final AsyncRequestEngine engine;

	private final ZmqActor agent;

	private final int routerAttempts;

	private volatile boolean closed;

	/**
	 * Creates a client; the router strategy's agent starts at once.
	 * @param factory the socket factory
	 * @param converters payload converters
	 * @param name the client's name (in messages, thread names and meters)
	 * @param servers the servers' endpoints, e.g. {@code tcp://localhost:5555}; for the router strategy
	 * exactly the endpoint text each server uses as its identity
	 * @param strategy which Freelance model
	 * @param requestTimeout how long each attempt waits for its reply
	 * @param pingInterval how often a silent server is pinged (router)
	 * @param serverTtl how long a server counts as alive after it was last heard (router)
	 */
	public FreelanceClient(ZmqSocketFactory factory, ZmqMessageConverters converters, String name,
			List<String> servers, FreelanceStrategy strategy, Duration requestTimeout, Duration pingInterval,
			Duration serverTtl) {
		new ZmqRetryPolicy(requestTimeout, 0); // validates the timeout
		if (strategy != FreelanceStrategy.ROUTER && servers.isEmpty()) {
			throw new IllegalArgumentException("A " + strategy + " Freelance client needs at least one server");
		}
		List<String> addresses = servers.stream().map((server) -> address(server, name)).toList();
		this.name = name;
		this.strategy = strategy;
		this.factory = factory;
		this.converters = converters;
		this.requestTimeout = requestTimeout;
		this.threadSockets = new ZmqThreadSockets(factory);
		this.servers = new SequentialFailover(addresses);
		this.shotgunKey = "shotgun#" + IDS.incrementAndGet();
		if (strategy == FreelanceStrategy.ROUTER) {
			this.requester = null;
			this.routerAttempts = Math.max(2, 2 * addresses.size());
			this.correlation = new FreelanceRouterCorrelation(name, addresses, positive(pingInterval, "pingInterval"),
					positive(serverTtl, "serverTtl"), this.counters);
			this.engine = AsyncRequestEngine.embedded(this.correlation,
					new ZmqRetryPolicy(requestTimeout, this.routerAttempts - 1), this.counters,
					"FreelanceClient '" + name + "'");
			this.agent = new ZmqActor("freelance-" + name, factory,
					new ZmqCompositeBehavior(List.of(this.engine, this.correlation)));
			this.agent.start(ACTOR_TIMEOUT);
		}
		else {
			this.requester = new LazyPirateRequester(this.threadSockets,
					(strategy == FreelanceStrategy.SEQUENTIAL) ? SocketType.REQ : SocketType.DEALER, this::open);
			this.routerAttempts = 0;
			this.correlation = null;
			this.engine = null;
			this.agent = null;
		}
	}

	private static long positive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive but was " + duration);
		}
		return duration.toMillis();
	}

	/** The connect address of a server endpoint ({@code >} prefix allowed; a bind is refused). */
	static String address(String endpoint, String client) {
		ZmqEndpoint parsed = ZmqEndpoint.parse(endpoint, SocketType.DEALER, "Freelance client '" + client + "'");
		if (parsed.bind()) {
			throw new IllegalArgumentException("Freelance client '" + client
					+ "' connects to its servers; '" + endpoint + "' is a bind");
		}
		return parsed.address();
	}

	/** The client's name. */
	public String getName() {
		return this.name;
	}

	/** The client's strategy. */
	public FreelanceStrategy getStrategy() {
		return this.strategy;
	}

	/**
	 * Sends a request to a live server and waits for the reply.
	 * @param payload the request (converted by the payload converters)
	 * @param replyType the reply type
	 * @param <T> the reply type
	 * @return the reply
	 * @throws ZmqRequestTimeoutException if no server answered in time
	 * @throws dev.zmqspring.core.ZmqRemoteException if the server's handler failed
	 */
	public <T> T request(Object payload, Class<T> replyType) {
		ensureUsable();
		byte[][] frames = this.converters.toFrames(payload);
		Function<ZMsg, Object> decoder = decoder(replyType);
		return switch (this.strategy) {
			case SEQUENTIAL -> {
				int size = this.servers.size();
				int retries = (size <= 1) ? 2 : 2 * size - 1;
				yield replyType.cast(this.requester.request(this.servers,
						new FreelanceExchanges.Sequential(frames, decoder), new ZmqRetryPolicy(this.requestTimeout, retries)));
			}
			case SHOTGUN -> {
				String key = this.shotgunKey;
				yield replyType.cast(this.requester.request(ZmqFailoverPolicy.single(key),
						new FreelanceExchanges.Shotgun(this.sequence.incrementAndGet(), frames, this.servers.size(), decoder,
								this.counters, this::describeServers),
						new ZmqRetryPolicy(this.requestTimeout, 1)));
			}
			case ROUTER -> await(submit(frames, decoder), replyType);
		};
	}

	/**
	 * Sends a request without waiting.
	 * @param payload the request (converted by the payload converters)
	 * @param replyType the reply type
	 * @param <T> the reply type
	 * @return the reply's future, failed with {@link ZmqRequestTimeoutException} if no server answered
	 */
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> requestAsync(Object payload, Class<T> replyType) {
		ensureUsable();
		if (this.strategy == FreelanceStrategy.ROUTER) {
			return (CompletableFuture<T>) submit(this.converters.toFrames(payload), decoder(replyType));
		}
		try {
			return CompletableFuture.supplyAsync(() -> request(payload, replyType), asyncPool());
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.failedFuture(new ZmqException("FreelanceClient '" + this.name + "' is closed"));
		}
	}

	private CompletableFuture<Object> submit(byte[][] frames, Function<ZMsg, Object> decoder) {
		CompletableFuture<Object> future = new CompletableFuture<>();
		this.engine.submit(new ZmqAsyncRequest(this.name, frames, decoder, future));
		return future;
	}

	private <T> T await(CompletableFuture<Object> future, Class<T> replyType) {
		// the engine fails the future after the last attempt; the bound is only a safety net
		long bound = this.requestTimeout.toMillis() * (this.routerAttempts + 1) + ACTOR_TIMEOUT.toMillis();
		try {
			return replyType.cast(future.get(bound, TimeUnit.MILLISECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(false);
			throw new ZmqInterruptedException("Interrupted while waiting for Freelance client '" + this.name + "'");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new ZmqException("Request of Freelance client '" + this.name + "' failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new ZmqRequestTimeoutException("Freelance client '" + this.name + "'", this.requestTimeout,
					this.routerAttempts);
		}
	}

	/**
	 * Adds a server (flcliapi's CONNECT); it takes requests once it answers (router) or in turn.
	 * @param endpoint the server's endpoint
	 */
	public void connect(String endpoint) {
		ensureUsable();
		String address = address(endpoint, this.name);
		this.servers.add(address);
		if (this.agent != null) {
			this.agent.mailbox().execute(() -> this.correlation.connect(address));
		}
		this.shotgunKey = "shotgun#" + IDS.incrementAndGet(); // shotgun DEALERs are re-made with every server
	}

	/**
	 * Removes a server; requests no longer go to it.
	 * @param endpoint the server's endpoint
	 */
	public void disconnect(String endpoint) {
		ensureUsable();
		String address = address(endpoint, this.name);
		this.servers.remove(address);
		if (this.agent != null) {
			this.agent.mailbox().execute(() -> this.correlation.disconnect(address));
		}
		this.shotgunKey = "shotgun#" + IDS.incrementAndGet();
	}

	private String describeServers() {
		return "Freelance client '" + this.name + "' "
				+ this.servers.status().stream().map(FreelanceServerStatus::endpoint).toList();
	}

	/** The security profile of the client's sockets (health shows the mechanism, never a key); empty for none. */
	public Map<String, Object> getSecurity() {
		ZmqSecurity security = this.factory.getOptions().security();
		return security.isNone() ? Map.of() : security.describe();
	}

	/** What the client knows of each server (for health and the actuator). */
	public List<FreelanceServerStatus> getServers() {
		return (this.correlation != null) ? this.correlation.status() : this.servers.status();
	}

	/** The client's counters: requests sent, replies received, replies dropped (wrong sequence, garbage). */
	public ZmqCounters getCounters() {
		return this.counters;
	}

	/** Closes the sockets the calling thread opened through this client (for pooled threads). */
	public void releaseThreadSockets() {
		this.threadSockets.release();
	}

	@Override
	public void destroy() {
		this.closed = true;
		if (this.agent != null) {
			this.agent.stop(ACTOR_TIMEOUT);
		}
		ExecutorService pool = this.asyncPool;
		if (pool != null) {
			pool.shutdown();
		}
		this.threadSockets.close();
	}

	/** A socket to one server (REQ) or, for the shotgun, a DEALER to every server. */
	private ZMQ.Socket open(String key) {
		ZMQ.Socket socket;
		if (this.strategy == FreelanceStrategy.SEQUENTIAL) {
			socket = this.factory.create(SocketType.REQ);
			socket.connect(key);
		}
		else {
			socket = this.factory.create(SocketType.DEALER);
			for (FreelanceServerStatus server : this.servers.status()) {
				socket.connect(server.endpoint());
			}
		}
		return socket;
	}

	private ExecutorService asyncPool() {
		ExecutorService pool = this.asyncPool;
		if (pool == null) {
			synchronized (this) {
				pool = this.asyncPool;
				if (pool == null) {
					AtomicInteger threads = new AtomicInteger();
					pool = Executors.newFixedThreadPool(4, (task) -> {
						Thread thread = new Thread(task, "zmq-freelance-" + this.name + "-" + threads.incrementAndGet());
						thread.setDaemon(true);
						return thread;
					});
					this.asyncPool = pool;
				}
			}
		}
		return pool;
	}

	private void ensureUsable() {
		if (this.closed) {
			throw new ZmqException("FreelanceClient '" + this.name + "' is closed (application context shutting down)");
		}
	}

	private Function<ZMsg, Object> decoder(Class<?> replyType) {
		Function<ZMsg, Object> decoder = this.decoders.get(replyType);
		if (decoder == null) {
			decoder = this.decoders.computeIfAbsent(replyType, this.converters::replyDecoder);
		}
		return decoder;
	}

	@Override
	public String toString() {
		return "FreelanceClient '" + this.name + "' (" + this.strategy + ") " + getServers();
	}

}
