package dev.zmqspring.support;

/**
 * Decides, per client request, whether a voting frontend serves it: the hook through which a Binary
 * Star pair (Guide ch.4 "High-Availability Pair") makes its passive peer silent to clients. Brokers,
 * queue proxies and request-reply listeners ask it once per request on their own actor thread; a
 * request it refuses is dropped and counted, so the client's Lazy Pirate retry goes to the other
 * peer. {@link #OPEN} serves everything and is what every frontend has unless configured otherwise.
 */
@FunctionalInterface
public interface ZmqGate {

	/** The gate of a component that is not part of a pair: every request is served. */
	ZmqGate OPEN = () -> true;

	/**
	 * A client request arrived: may it be served? Called on the frontend's actor thread, once per
	 * request; must be cheap (the Binary Star gate is a clock read and two volatile reads while active).
	 * @return {@code true} to serve it, {@code false} to drop it
	 */
	boolean admit();

}
