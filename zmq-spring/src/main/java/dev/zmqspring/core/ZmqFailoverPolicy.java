package dev.zmqspring.core;

/**
 * Which server each attempt of a request goes to: the failover half of the request-reply engine.
 * The Lazy Pirate client (Guide ch.4) retries one server; a Binary Star client (ch.4 "High-Availability
 * Pair") alternates between the two peers of a pair and keeps the one that answered; a Freelance
 * client (ch.4 "Brokerless Reliability", model 1) tries each server in turn. The engine asks for a
 * server per attempt and reports how the attempt ended; the policy never touches a socket.
 *
 * <p>Implementations are shared by every thread that uses a client, so they must be thread-safe.
 */
public interface ZmqFailoverPolicy {

	/**
	 * The server of an attempt.
	 * @param attempt the attempt, from 0
	 * @return the server's endpoint text (also the key of the calling thread's socket to it)
	 */
	String server(int attempt);

	/**
	 * The server answered.
	 * @param server the server
	 */
	default void answered(String server) {
	}

	/**
	 * The server did not answer within the attempt's timeout.
	 * @param server the server
	 */
	default void timedOut(String server) {
	}

	/**
	 * One server for every attempt (Lazy Pirate).
	 * @param endpoint the server
	 * @return the policy
	 */
	static ZmqFailoverPolicy single(String endpoint) {
		return (attempt) -> endpoint;
	}

}
