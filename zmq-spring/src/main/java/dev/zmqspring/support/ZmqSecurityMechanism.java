package dev.zmqspring.support;

import java.util.Locale;

/**
 * The security mechanism a socket uses in its ZMTP handshake (RFC 23/37), and on which side of it the
 * socket stands: NULL, PLAIN (RFC 24, a user name and password in clear text, for trusted networks)
 * or CURVE (RFC 26 CurveZMQ: authenticated, encrypted connections). The server side is independent
 * of bind and connect: it is the side whose ZAP handler (RFC 27) authenticates the other.
 */
public enum ZmqSecurityMechanism {

	/** No security; a ZAP handler still sees the peer's address when the profile filters addresses. */
	NULL,

	/** Accepts PLAIN clients, whose user name and password the ZAP handler checks. */
	PLAIN_SERVER,

	/** Sends a user name and password to a PLAIN server. */
	PLAIN_CLIENT,

	/** Accepts CURVE clients, whose long-term public key the ZAP handler checks. */
	CURVE_SERVER,

	/** Connects to a CURVE server whose public key it knows. */
	CURVE_CLIENT;

	/** The value users write in {@code mechanism:}, such as {@code curve-server}. */
	public String propertyValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Whether sockets with this mechanism authenticate their peers through ZAP. */
	public boolean isServer() {
		return this == PLAIN_SERVER || this == CURVE_SERVER;
	}

	/** The mechanism name in ZAP requests ({@code NULL}, {@code PLAIN} or {@code CURVE}). */
	public String zapName() {
		return switch (this) {
			case NULL -> "NULL";
			case PLAIN_SERVER, PLAIN_CLIENT -> "PLAIN";
			case CURVE_SERVER, CURVE_CLIENT -> "CURVE";
		};
	}

	/**
	 * Parses a property value such as {@code curve-server} (case and {@code _}/{@code -} ignored).
	 * @param value the value
	 * @return the mechanism
	 * @throws IllegalArgumentException naming the accepted values
	 */
	public static ZmqSecurityMechanism of(String value) {
		String normal = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		for (ZmqSecurityMechanism mechanism : values()) {
			if (mechanism.name().equals(normal)) {
				return mechanism;
			}
		}
		throw new IllegalArgumentException("unknown mechanism '" + value
				+ "': use curve-server, curve-client, plain-server, plain-client or null");
	}

	@Override
	public String toString() {
		return propertyValue();
	}

}
