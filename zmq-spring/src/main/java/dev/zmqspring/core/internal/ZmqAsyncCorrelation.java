package dev.zmqspring.core.internal;

import dev.zmqspring.actor.ZmqActorLoop;

/**
 * How the asynchronous request-reply engine puts requests on the wire and matches replies to them:
 * the pluggable half of {@link AsyncRequestEngine}. Two exist: an envelope id on a shared DEALER
 * (Guide ch.3 "Asynchronous Client/Server": REP and ROUTER servers return the envelope, so many
 * requests share one socket) and one request per connection for MDP/0.1, which has no request id
 * (ch.4 "Asynchronous Majordomo Pattern"). Called on the engine's actor thread only.
 *
 * <p>The contract: {@link #send} puts an attempt on the wire at once or when capacity frees, and calls
 * {@link Completions#sent} when it does (that starts the attempt's timeout); a reply is handed to
 * {@link Completions#replied} with the attempt's token; {@link #expired} forgets an attempt whose time
 * ran out and, when asked to retry, sends it again.
 */
public interface ZmqAsyncCorrelation {

	/**
	 * Opens whatever sockets the correlation needs from the start.
	 * @param loop the engine's actor loop (sockets created through it are closed with the actor)
	 * @param completions where attempts and replies are reported
	 */
	void open(ZmqActorLoop loop, Completions completions);

	/**
	 * Sends the next attempt of a request now, or queues it until capacity frees.
	 * @param request the request
	 * @param now the current time in milliseconds
	 */
	void send(ZmqAsyncRequest request, long now);

	/**
	 * An attempt's time ran out: forget it (a connection that might still get its late reply is
	 * replaced), then either send the request's next attempt or, when {@code retry} is false, free the
	 * capacity it held.
	 * @param request the request (its {@link ZmqAsyncRequest#token()} is the expired attempt's)
	 * @param retry whether to send the next attempt
	 * @param now the current time in milliseconds
	 */
	void expired(ZmqAsyncRequest request, boolean retry, long now);

	/**
	 * Names the target in exceptions: an endpoint, or a broker and a service.
	 * @param target the request's target
	 * @return the description
	 */
	String describe(String target);

	/**
	 * The actor is closing: every request the correlation still holds (queued or in flight) is handed
	 * to {@code failure}.
	 * @param failure what to do with each
	 */
	void close(java.util.function.Consumer<ZmqAsyncRequest> failure);

	/** What the correlation reports to the engine. */
	interface Completions {

		/**
		 * An attempt of the request went on the wire.
		 * @param request the request
		 * @param now the current time in milliseconds
		 * @return the attempt's token, to send along or keep with the connection
		 */
		long sent(ZmqAsyncRequest request, long now);

		/**
		 * A reply arrived for the attempt with this token.
		 * @param request the request
		 * @param body the reply body
		 */
		void replied(ZmqAsyncRequest request, org.zeromq.ZMsg body);

		/**
		 * A message that answers no pending attempt (late, stale or malformed) was dropped.
		 */
		void dropped();

		/**
		 * Fails a request that will never be sent (e.g. a service that stopped answering).
		 * @param request the request
		 */
		void timedOut(ZmqAsyncRequest request);

	}

}
