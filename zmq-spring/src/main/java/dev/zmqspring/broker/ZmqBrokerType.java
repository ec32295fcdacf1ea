package dev.zmqspring.broker;

/** The brokers of this package. Majordomo (ch.4, spec 7/MDP) lives in its own package. */
public enum ZmqBrokerType {

	/** Guide ch.3 load-balancing (LRU) broker: REQ or DEALER workers announce READY. */
	LOAD_BALANCING,

	/** Guide ch.4 Paranoid Pirate queue (spec 6/PPP): READY, heartbeats both ways, dead workers purged. */
	PARANOID_PIRATE

}
