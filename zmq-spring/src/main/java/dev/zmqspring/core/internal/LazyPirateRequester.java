package dev.zmqspring.core.internal;

import java.util.function.Function;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import dev.zmqspring.core.ZmqFailoverPolicy;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqInterruptedException;

import zmq.ZError;

/**
 * The blocking side of the request-reply engine: the Lazy Pirate client of Guide ch.4 "Client-Side
 * Reliability", run on the calling thread. Each attempt sends a {@link ZmqRequestExchange} on the
 * calling thread's socket to the server the {@link ZmqFailoverPolicy} names and waits up to the
 * timeout for its reply, ignoring messages that are not; after a timeout that socket is closed (a REQ
 * is stuck in its state machine, and a late reply on a DEALER must never meet the next request) and
 * the next attempt goes out on a fresh one. After the last attempt: {@link ZmqRequestTimeoutException}.
 *
 * <p>Sockets come from {@link ZmqThreadSockets}: one per thread and server, created on first use and
 * reused with no lookup that allocates (Guide ch.2: a socket belongs to one thread). The template's
 * {@code request} (REQ) and the Majordomo client's {@code request} (DEALER, MDP/0.1) are this engine
 * with different exchanges; a Binary Star or Freelance client is this engine with another failover
 * policy.
 */
public final class LazyPirateRequester {

	private final ZmqThreadSockets sockets;

	private final SocketType type;

	private final Function<String, ZMQ.Socket> opener;

	/**
	 * Creates the engine for one kind of socket.
	 * @param sockets the per-thread sockets (shared with the client's other calls)
	 * @param type the socket type of the exchange (REQ, DEALER)
	 * @param opener creates and attaches a socket to a server, on the calling thread
	 */
	public LazyPirateRequester(ZmqThreadSockets sockets, SocketType type, Function<String, ZMQ.Socket> opener) {
		this.sockets = sockets;
		this.type = type;
		this.opener = opener;
	}

	/**
	 * Runs a request to its reply.
	 * @param servers which server each attempt goes to
	 * @param exchange the request and how its reply is recognised
	 * @param policy how long each attempt waits and how many there are
	 * @return the decoded reply
	 * @throws ZmqRequestTimeoutException if no attempt got a reply
	 * @throws ZmqRemoteException if the reply is an error reply
	 * @throws ZmqInterruptedException if the calling thread was interrupted (its flag is set again)
	 */
	public Object request(ZmqFailoverPolicy servers, ZmqRequestExchange exchange, ZmqRetryPolicy policy) {
		return request(servers, null, exchange, policy);
	}

	/**
	 * Runs a request to its reply, every attempt to one server (the plain Lazy Pirate client).
	 * @param server the server's endpoint text
	 * @param exchange the request and how its reply is recognised
	 * @param policy how long each attempt waits and how many there are
	 * @return the decoded reply
	 */
	public Object request(String server, ZmqRequestExchange exchange, ZmqRetryPolicy policy) {
		return request(null, server, exchange, policy);
	}

	private Object request(ZmqFailoverPolicy servers, String single, ZmqRequestExchange exchange,
			ZmqRetryPolicy policy) {
		long timeoutMillis = Math.max(1, policy.timeout().toMillis());
		int attempts = policy.attempts();
		String server = single;
		for (int attempt = 0; attempt < attempts; attempt++) {
			if (servers != null) {
				server = servers.server(attempt);
			}
			ZmqThreadSockets.Entry entry = this.sockets.get(this.type, server);
			if (entry == null) {
				entry = this.sockets.put(this.type, server, this.opener.apply(server));
			}
			ZMQ.Socket socket = entry.socket();
			try {
				exchange.send(socket);
				long deadline = System.currentTimeMillis() + timeoutMillis;
				long left = timeoutMillis;
				while (left > 0) {
					entry.receiveTimeout((int) Math.min(Integer.MAX_VALUE, left));
					byte[] first = socket.recv(0);
					if (first == null) {
						break;
					}
					Object reply = exchange.receive(server, socket, first);
					if (reply != ZmqRequestExchange.NOT_A_REPLY) {
						if (servers != null) {
							servers.answered(server);
						}
						return reply;
					}
					left = deadline - System.currentTimeMillis();
				}
			}
			catch (ZMQException ex) {
				this.sockets.discard(this.type, server);
				if (ex.getErrorCode() == ZError.EINTR) {
					throw interrupted(exchange.describe(server));
				}
				throw new ZmqException("Request to " + exchange.describe(server) + " failed: "
						+ ZError.toString(ex.getErrorCode()), ex);
			}
			// Lazy Pirate: close the socket that may still get the late reply, retry on a fresh one
			this.sockets.discard(this.type, server);
			if (servers != null) {
				servers.timedOut(server);
			}
			if (Thread.currentThread().isInterrupted()) {
				throw interrupted(exchange.describe(server));
			}
		}
		throw new ZmqRequestTimeoutException(exchange.describe(server), policy.timeout(), attempts);
	}

	private static ZmqInterruptedException interrupted(String target) {
		Thread.currentThread().interrupt();
		return new ZmqInterruptedException("Interrupted while waiting for a reply from " + target);
	}

}
