package dev.zmqspring.core.internal;

import org.zeromq.ZMQ;

import dev.zmqspring.core.ZmqRemoteException;

/**
 * One request as the request-reply engine sends it and recognises its reply: the framing and the
 * correlation of a client protocol, without the retry loop. {@link LazyPirateRequester} runs the
 * exchange on a socket of the calling thread and retries it on a fresh socket (Guide ch.4 "Client-Side
 * Reliability (Lazy Pirate Pattern)"); the template's plain REQ request and the Majordomo client's
 * MDP/0.1 request (spec 7, ch.4 "Service-Oriented Reliable Queuing") are two exchanges of that engine.
 */
public interface ZmqRequestExchange {

	/** What {@link #receive} returns for a message that is not this request's reply (keep waiting). */
	Object NOT_A_REPLY = new Object() {

		@Override
		public String toString() {
			return "NOT_A_REPLY";
		}

	};

	/**
	 * Sends the request.
	 * @param socket the calling thread's socket to the server
	 */
	void send(ZMQ.Socket socket);

	/**
	 * Reads the rest of a message whose first frame has arrived and decodes the reply.
	 * @param server the server the socket talks to (for exceptions)
	 * @param socket the socket, positioned after {@code first}
	 * @param first the first frame
	 * @return the decoded reply, or {@link #NOT_A_REPLY} for a malformed or foreign message (already
	 * drained)
	 * @throws ZmqRemoteException if the reply is an error reply (the server's handler failed)
	 */
	Object receive(String server, ZMQ.Socket socket, byte[] first);

	/**
	 * Names the server (and what was asked of it) in exceptions; called only on failure.
	 * @param server the server's endpoint text
	 * @return the description
	 */
	default String describe(String server) {
		return server;
	}

}
