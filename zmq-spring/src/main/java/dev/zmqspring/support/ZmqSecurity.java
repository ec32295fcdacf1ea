package dev.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * A named security profile as a socket option (RFC 26 CurveZMQ, RFC 24 PLAIN, RFC 27 ZAP): the
 * mechanism, the side, and the keys or credentials that {@link #apply} sets on a socket before it
 * binds or connects. Server profiles set their name as the socket's ZAP domain, so the one ZAP handler
 * of the context knows which profile's rules decide.
 *
 * <p>Immutable and thread-safe. {@link #toString()} and {@link #describe()} never show a key or a
 * password.
 */
public final class ZmqSecurity {

	/** The size of a CURVE key in bytes. */
	public static final int KEY_SIZE = 32;

	/** No mechanism and no ZAP domain: JeroMQ's default NULL socket. */
	public static final ZmqSecurity NONE = new ZmqSecurity(null, ZmqSecurityMechanism.NULL, null, null, null, null,
			null, false);

	private final @Nullable String name;

	private final ZmqSecurityMechanism mechanism;

	private final byte @Nullable [] publicKey;

	private final byte @Nullable [] secretKey;

	private final byte @Nullable [] serverKey;

	private final @Nullable String username;

	private final @Nullable String password;

	private final boolean zapDomain;

	private ZmqSecurity(@Nullable String name, ZmqSecurityMechanism mechanism, byte @Nullable [] publicKey,
			byte @Nullable [] secretKey, byte @Nullable [] serverKey, @Nullable String username,
			@Nullable String password, boolean zapDomain) {
		this.name = name;
		this.mechanism = mechanism;
		this.publicKey = publicKey;
		this.secretKey = secretKey;
		this.serverKey = serverKey;
		this.username = username;
		this.password = password;
		this.zapDomain = zapDomain;
	}

	/**
	 * A CURVE server profile: sockets authenticate clients through the ZAP handler under this name.
	 * @param name the profile name (the ZAP domain)
	 * @param publicKey the server's long-term public key (32 bytes)
	 * @param secretKey the server's long-term secret key (32 bytes)
	 * @return the profile
	 */
	public static ZmqSecurity curveServer(String name, byte[] publicKey, byte[] secretKey) {
		return new ZmqSecurity(requireName(name), ZmqSecurityMechanism.CURVE_SERVER, key(publicKey, "public"),
				key(secretKey, "secret"), null, null, null, true);
	}

	/**
	 * A CURVE client profile.
	 * @param name the profile name
	 * @param publicKey the client's long-term public key (32 bytes)
	 * @param secretKey the client's long-term secret key (32 bytes)
	 * @param serverKey the server's public key (32 bytes)
	 * @return the profile
	 */
	public static ZmqSecurity curveClient(String name, byte[] publicKey, byte[] secretKey, byte[] serverKey) {
		return new ZmqSecurity(requireName(name), ZmqSecurityMechanism.CURVE_CLIENT, key(publicKey, "public"),
				key(secretKey, "secret"), key(serverKey, "server"), null, null, false);
	}

	/**
	 * A PLAIN server profile: the ZAP handler checks user names and passwords under this name.
	 * @param name the profile name (the ZAP domain)
	 * @return the profile
	 */
	public static ZmqSecurity plainServer(String name) {
		return new ZmqSecurity(requireName(name), ZmqSecurityMechanism.PLAIN_SERVER, null, null, null, null, null,
				true);
	}

	/**
	 * A PLAIN client profile.
	 * @param name the profile name
	 * @param username the user name
	 * @param password the password
	 * @return the profile
	 */
	public static ZmqSecurity plainClient(String name, String username, String password) {
		if (username.length() > 255 || password.length() > 255) {
			throw new IllegalArgumentException("PLAIN user name and password are at most 255 bytes each");
		}
		return new ZmqSecurity(requireName(name), ZmqSecurityMechanism.PLAIN_CLIENT, null, null, null, username,
				password, false);
	}

	/**
	 * A NULL profile; with {@code authenticated} the socket asks the ZAP handler about every peer (for
	 * address allow and deny lists).
	 * @param name the profile name (the ZAP domain when authenticated)
	 * @param authenticated whether the ZAP handler sees the connections
	 * @return the profile
	 */
	public static ZmqSecurity nullMechanism(String name, boolean authenticated) {
		return new ZmqSecurity(requireName(name), ZmqSecurityMechanism.NULL, null, null, null, null, null,
				authenticated);
	}

	private static String requireName(String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("a security profile needs a name");
		}
		return name;
	}

	private static byte[] key(byte[] key, String which) {
		if (key == null || key.length != KEY_SIZE) {
			throw new IllegalArgumentException("the CURVE " + which + " key must be " + KEY_SIZE + " bytes");
		}
		return key.clone();
	}

	/**
	 * Sets the mechanism, keys or credentials and ZAP domain on a new socket, before it binds or
	 * connects.
	 * @param socket the socket
	 */
	public void apply(ZMQ.Socket socket) {
		switch (this.mechanism) {
			case CURVE_SERVER -> {
				socket.setZAPDomain(this.name);
				socket.setCurvePublicKey(this.publicKey);
				socket.setCurveSecretKey(this.secretKey);
				socket.setCurveServer(true);
			}
			case CURVE_CLIENT -> {
				socket.setCurvePublicKey(this.publicKey);
				socket.setCurveSecretKey(this.secretKey);
				socket.setCurveServerKey(this.serverKey);
			}
			case PLAIN_SERVER -> {
				socket.setZAPDomain(this.name);
				socket.setPlainServer(true);
			}
			case PLAIN_CLIENT -> {
				socket.setPlainUsername(this.username.getBytes(StandardCharsets.UTF_8));
				socket.setPlainPassword(this.password.getBytes(StandardCharsets.UTF_8));
			}
			case NULL -> {
				if (this.zapDomain) {
					socket.setZAPDomain(this.name);
				}
			}
		}
	}

	/** The profile name, {@code null} for {@link #NONE}. */
	public @Nullable String getName() {
		return this.name;
	}

	/** The mechanism and side. */
	public ZmqSecurityMechanism getMechanism() {
		return this.mechanism;
	}

	/** Whether this is {@link #NONE}. */
	public boolean isNone() {
		return this == NONE;
	}

	/** Whether sockets with this profile consult the ZAP handler. */
	public boolean usesZap() {
		return this.zapDomain;
	}

	/** The public key of this side (32 bytes), or {@code null} without CURVE. Not secret. */
	public byte @Nullable [] getPublicKey() {
		return (this.publicKey != null) ? this.publicKey.clone() : null;
	}

	/** The PLAIN user name, or {@code null}. Not secret. */
	public @Nullable String getUsername() {
		return this.username;
	}

	/**
	 * What health and the {@code zmq} endpoint show: the profile and the mechanism, never a key.
	 * @return {@code profile} and {@code mechanism}
	 */
	public Map<String, Object> describe() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("profile", (this.name != null) ? this.name : "none");
		details.put("mechanism", this.mechanism.propertyValue());
		return details;
	}

	/**
	 * What health shows for a component whose sockets use more than one profile (a proxy's two
	 * sides, a pair's bound and peer sockets): each side described, or nothing when no side has one.
	 * @param sides the profile of each side, in display order
	 * @return side name to {@link #describe()}, empty when every side is {@link #NONE}
	 */
	public static Map<String, Object> describeSides(Map<String, ZmqSecurity> sides) {
		if (sides.values().stream().allMatch(ZmqSecurity::isNone)) {
			return Map.of();
		}
		Map<String, Object> described = new LinkedHashMap<>();
		sides.forEach((side, security) -> described.put(side, security.describe()));
		return described;
	}

	/**
	 * {@link #describeSides} of a component that binds with its factory's profile and connects to its
	 * peers with a profile of their own (Binary Star, a Clone pair, peered brokers).
	 * @param boundSide the name of the bound side
	 * @param bound the bound sockets' profile
	 * @param peerSide the name of the side connected to the peers
	 * @param peer that side's profile; {@code null} means the bound one
	 * @return side name to {@link #describe()}, empty when neither side has one
	 */
	public static Map<String, Object> describeBoundAndPeer(String boundSide, ZmqSecurity bound, String peerSide,
			@Nullable ZmqSecurity peer) {
		Map<String, ZmqSecurity> sides = new LinkedHashMap<>();
		sides.put(boundSide, bound);
		sides.put(peerSide, (peer != null) ? peer : bound);
		return describeSides(sides);
	}

	@Override
	public String toString() {
		return "ZmqSecurity[" + ((this.name != null) ? this.name : "none") + ", " + this.mechanism.propertyValue()
				+ "]";
	}

}
