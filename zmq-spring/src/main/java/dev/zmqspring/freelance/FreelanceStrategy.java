package dev.zmqspring.freelance;

/**
 * How a {@link FreelanceClient} finds a live server: the three models of Guide ch.4 "Brokerless
 * Reliability".
 */
public enum FreelanceStrategy {

	/**
	 * Model 1, "simple retry and failover" (flclient1): a REQ per server, each attempt to one server,
	 * a timeout moves on to the next on a fresh socket.
	 */
	SEQUENTIAL,

	/**
	 * Model 2, "brutal shotgun massacre" (flclient2): one DEALER connected to every server sends each
	 * request to all of them; the first reply with the request's sequence number wins, the others are
	 * dropped.
	 */
	SHOTGUN,

	/**
	 * Model 3, "complex and nasty" (flclient3/flcliapi, spec 10/FLP): a ROUTER addresses servers by
	 * their endpoint, PING/PONG tells which are alive, each request goes to the first live server and
	 * is retried on another after a timeout; the agent runs on an actor.
	 */
	ROUTER

}
