package dev.zmqspring.binarystar;

/**
 * The inputs of the Binary Star state machine (Guide ch.4 "High-Availability Pair"): the state the
 * peer published, or a client request that arrived at this peer.
 */
public enum BinaryStarEvent {

	/** The peer says it is a primary waiting for us. */
	PEER_PRIMARY,

	/** The peer says it is a backup waiting for us. */
	PEER_BACKUP,

	/** The peer says it is active. */
	PEER_ACTIVE,

	/** The peer says it is passive. */
	PEER_PASSIVE,

	/** A client request arrived here. */
	CLIENT_REQUEST;

	/**
	 * The event for a state the peer published.
	 * @param wire the decimal state number received
	 * @return the event, or {@code null} if it is not a state number 1 to 4
	 */
	public static BinaryStarEvent fromPeerState(int wire) {
		return switch (wire) {
			case 1 -> PEER_PRIMARY;
			case 2 -> PEER_BACKUP;
			case 3 -> PEER_ACTIVE;
			case 4 -> PEER_PASSIVE;
			default -> null;
		};
	}

}
