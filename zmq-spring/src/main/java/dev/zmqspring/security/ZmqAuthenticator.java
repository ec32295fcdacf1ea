package dev.zmqspring.security;

/**
 * An application's own authentication rule (RFC 27 ZAP), consulted by the ZAP handler for a
 * request that the profile's configured users, keys and addresses did not let in: look up PLAIN
 * passwords in a user store, CURVE keys in a database. It runs on the ZAP handler's thread, so it
 * must answer quickly; while it runs, handshakes of every secured socket of the context wait. An
 * exception turns the peer away with status 500 and is counted.
 */
@FunctionalInterface
public interface ZmqAuthenticator {

	/**
	 * Decides whether a peer may connect.
	 * @param request the peer's address, mechanism and credentials, and the profile (domain)
	 * @return {@link ZapDecision#allow} or {@link ZapDecision#deny}
	 */
	ZapDecision authenticate(ZapRequest request);

}
