package dev.zmqspring.core;

import dev.zmqspring.support.ZmqException;

/**
 * The peer answered a request with an error reply ({@link ZmqErrorReply}): its handler threw. The
 * requester learns of the failure at once instead of waiting for a timeout.
 */
public class ZmqRemoteException extends ZmqException {

	private final String endpoint;

	private final String remoteMessage;

	public ZmqRemoteException(String endpoint, String remoteMessage) {
		super("Error reply from " + endpoint + ": " + remoteMessage);
		this.endpoint = endpoint;
		this.remoteMessage = remoteMessage;
	}

	/** Where the error reply came from. */
	public String getEndpoint() {
		return this.endpoint;
	}

	/** The description the peer sent. */
	public String getRemoteMessage() {
		return this.remoteMessage;
	}

}
