package dev.zmqspring.security;

/**
 * The answer to a {@link ZapRequest} (RFC 27): status 200 lets the peer in under a user id; 400 turns
 * it away; 500 says the handler failed (the peer is turned away too).
 *
 * @param statusCode {@code 200}, {@code 400} or {@code 500}
 * @param statusText why, for the log (a client sees only the status code)
 * @param userId who the peer is when allowed, empty otherwise
 */
public record ZapDecision(int statusCode, String statusText, String userId) {

	/**
	 * Lets the peer in.
	 * @param userId who the peer is (a user name, a key, a certificate name)
	 * @return the decision
	 */
	public static ZapDecision allow(String userId) {
		return new ZapDecision(200, "OK", (userId != null) ? userId : "");
	}

	/**
	 * Turns the peer away.
	 * @param reason why, for the log
	 * @return the decision
	 */
	public static ZapDecision deny(String reason) {
		return new ZapDecision(400, reason, "");
	}

	/**
	 * Turns the peer away because the decision failed.
	 * @param reason what failed
	 * @return the decision
	 */
	public static ZapDecision error(String reason) {
		return new ZapDecision(500, reason, "");
	}

	/** Whether the peer is let in. */
	public boolean isAllowed() {
		return this.statusCode == 200;
	}

	/** {@code allowed}, {@code denied} or {@code error}: the {@code result} tag of the {@code zmq.auth} meter. */
	public String result() {
		return switch (this.statusCode) {
			case 200 -> "allowed";
			case 400 -> "denied";
			default -> "error";
		};
	}

}
