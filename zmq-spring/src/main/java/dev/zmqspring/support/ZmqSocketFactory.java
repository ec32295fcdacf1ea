package dev.zmqspring.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.ZError;

import dev.zmqspring.support.internal.ZmqFrameGuard;

/**
 * Creates sockets on the shared {@link ZContext} with the configured {@link ZmqSocketOptions} and
 * attaches them to their endpoints. Every component of the starter creates its sockets here, so the
 * {@code zmq.*} defaults apply everywhere.
 *
 * <p>Thread-safe: {@link ZContext#createSocket} is synchronized. The socket returned belongs to the
 * calling thread for its whole life (Guide ch.2 "Multithreading with ZeroMQ"); close it with
 * {@link #close(ZMQ.Socket)} from that same thread.
 */
public final class ZmqSocketFactory {

	private final ZContext context;

	private final ZmqSocketOptions options;

	private final ThreadFactory threadFactory;

	private final ZmqFailures failures;

	/**
	 * Creates a factory whose actors run on platform threads that are not daemons.
	 * @param context the context sockets are created on
	 * @param options the options applied to new sockets
	 */
	public ZmqSocketFactory(ZContext context, ZmqSocketOptions options) {
		this(context, options, ZmqSocketFactory::actorThread);
	}

	private ZmqSocketFactory(ZContext context, ZmqSocketOptions options, ThreadFactory threadFactory) {
		this.context = context;
		this.options = options;
		this.threadFactory = threadFactory;
		this.failures = ZmqFailures.watch(context);
	}

	/**
	 * A factory like this one whose actors get their threads from another thread factory: the hook
	 * for thread naming conventions, priorities, a context class loader or, on Java 21, virtual
	 * threads. The actor names the thread ({@code zmq-<component>}) after the factory made it.
	 * @param threadFactory makes the thread of each actor (Guide ch.2: one thread per actor)
	 * @return the new factory
	 */
	public ZmqSocketFactory withThreadFactory(ThreadFactory threadFactory) {
		return new ZmqSocketFactory(this.context, this.options, threadFactory);
	}

	/**
	 * A factory like this one whose sockets use a security profile (CURVE, PLAIN or NULL with ZAP,
	 * RFC 26/27): the way one component's sockets are secured while the others keep theirs.
	 * @param security the profile, {@link ZmqSecurity#NONE} for none
	 * @return the new factory, or this one if it already uses the profile
	 */
	public ZmqSocketFactory withSecurity(ZmqSecurity security) {
		if (this.options.security() == security) {
			return this;
		}
		return new ZmqSocketFactory(this.context, this.options.withSecurity(security), this.threadFactory);
	}

	/** Makes the thread of each actor created with this factory. */
	public ThreadFactory getThreadFactory() {
		return this.threadFactory;
	}

	/**
	 * The default actor thread: a platform thread that is not a daemon, so running listeners keep a
	 * ZeroMQ-only application alive (as Spring for Apache Kafka's containers do).
	 */
	private static Thread actorThread(Runnable body) {
		Thread thread = new Thread(body);
		thread.setDaemon(false);
		return thread;
	}

	/** What died in the context: JeroMQ's threads and the actors of this and every other factory of it. */
	public ZmqFailures getFailures() {
		return this.failures;
	}

	/** The context sockets are created on. */
	public ZContext getContext() {
		return this.context;
	}

	/** The options applied to new sockets. */
	public ZmqSocketOptions getOptions() {
		return this.options;
	}

	/**
	 * Creates a socket with the default options, not yet attached.
	 * @param type the socket type
	 * @return the new socket
	 */
	public ZMQ.Socket create(SocketType type) {
		return create(type, this.options);
	}

	/**
	 * Creates a socket with the given options, not yet attached.
	 * @param type the socket type
	 * @param options the options to apply
	 * @return the new socket
	 */
	public ZMQ.Socket create(SocketType type, ZmqSocketOptions options) {
		ZMQ.Socket socket = this.context.createSocket(type);
		socket.setLinger(options.linger().toMillis());
		// a SUB or XSUB sends only subscriptions, and JeroMQ 0.6.0 sends all it holds through its pipe
		// when a connection attaches: a finite HWM silently drops all but the first HWM of them
		socket.setSndHWM((type == SocketType.SUB || type == SocketType.XSUB) ? 0 : options.sendHwm());
		socket.setRcvHWM(options.receiveHwm());
		if (options.maxMessageSize() >= 0) {
			socket.setMaxMsgSize(options.maxMessageSize());
		}
		// JeroMQ allocates a frame's claimed size up front; the guard refuses impossible claims
		socket.setMsgAllocator(new ZmqFrameGuard(options.maxMessageSize(), options.boundMaxMessageSize(),
				options.subscriptionLimits(), options.connectionLimits()));
		if (!options.handshakeInterval().isZero()) {
			socket.setHandshakeIvl((int) options.handshakeInterval().toMillis());
		}
		if (!options.security().isNone()) {
			options.security().apply(socket);
		}
		return socket;
	}

	/**
	 * Creates a socket and attaches it to every endpoint.
	 * @param type the socket type
	 * @param endpoints where to bind or connect
	 * @return the attached socket
	 */
	public ZMQ.Socket create(SocketType type, List<ZmqEndpoint> endpoints) {
		ZMQ.Socket socket = create(type);
		try {
			attach(socket, endpoints);
		}
		catch (RuntimeException ex) {
			socket.setLinger(0);
			close(socket);
			throw ex;
		}
		return socket;
	}

	/**
	 * Binds or connects the socket to every endpoint.
	 * @param socket the socket
	 * @param endpoints where to bind or connect
	 * @return the actual endpoints, with ephemeral ports resolved to the bound port
	 * @throws ZmqException naming the endpoint if a bind or connect fails (e.g. address in use)
	 */
	public static List<String> attach(ZMQ.Socket socket, List<ZmqEndpoint> endpoints) {
		List<String> actual = new ArrayList<>(endpoints.size());
		for (ZmqEndpoint endpoint : endpoints) {
			actual.add(attach(socket, endpoint));
		}
		return actual;
	}

	/**
	 * Binds or connects the socket to every endpoint, naming where the endpoints came from when one
	 * fails (e.g. {@code <source>: Could not bind @tcp://*:5556: Address already in use}).
	 * @param socket the socket
	 * @param endpoints where to bind or connect
	 * @param source the property key or method the endpoints came from
	 * @return the actual endpoints, with ephemeral ports resolved to the bound port
	 */
	public static List<String> attach(ZMQ.Socket socket, List<ZmqEndpoint> endpoints, String source) {
		try {
			return attach(socket, endpoints);
		}
		catch (ZmqBindException ex) {
			throw ex.withSource(source);
		}
		catch (ZmqException ex) {
			throw new ZmqException(source + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Binds or connects the socket to one endpoint. Before a tcp or ipc bind, a socket of this
	 * factory without its own cap gets the cap of bound sockets
	 * ({@link ZmqSocketOptions#boundMaxMessageSize()}).
	 * @param socket the socket
	 * @param endpoint where to bind or connect
	 * @return the actual endpoint, with an ephemeral port resolved to the bound port
	 */
	public static String attach(ZMQ.Socket socket, ZmqEndpoint endpoint) {
		String address = endpoint.address();
		try {
			if (endpoint.bind()) {
				ZmqFrameGuard guard = address.startsWith("inproc:") ? null : ZmqFrameGuard.of(socket);
				if (guard != null) {
					guard.beforeBind(socket);
				}
				if (endpoint.isEphemeral() && address.endsWith(":0")) {
					address = address.substring(0, address.length() - 1) + "*";
				}
				if (!socket.bind(address)) {
					int errno = socket.errno();
					throw new ZmqBindException(endpoint, errno, null,
							"Could not bind " + endpoint + ": " + ZError.toString(errno), null);
				}
				String last = socket.getLastEndpoint();
				return (last != null) ? last : address;
			}
			if (!socket.connect(address)) {
				throw new ZmqException("Could not connect " + endpoint + ": " + ZError.toString(socket.errno()));
			}
			return address;
		}
		catch (ZMQException ex) {
			String message = "Could not " + (endpoint.bind() ? "bind " : "connect ") + endpoint + ": "
					+ ZError.toString(ex.getErrorCode());
			if (endpoint.bind()) {
				throw new ZmqBindException(endpoint, ex.getErrorCode(), null, message, ex);
			}
			throw new ZmqException(message, ex);
		}
	}

	/**
	 * Closes a socket created by this factory. Call it from the thread that owns the socket.
	 * @param socket the socket, may be {@code null}
	 */
	public void close(ZMQ.Socket socket) {
		if (socket != null) {
			// Socket.close keeps the socket's own linger; ZContext.destroySocket would force the context's
			socket.close();
		}
	}

}
