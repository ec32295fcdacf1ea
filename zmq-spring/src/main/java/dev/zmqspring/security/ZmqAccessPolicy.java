package dev.zmqspring.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.zmqspring.support.ZmqSecurityMechanism;

/**
 * Who may connect to the server sockets of one security profile (RFC 27 ZAP), decided in this order:
 * <ol>
 * <li>the peer's address: denied if a deny entry covers it, or if there are allow entries and none
 * covers it;</li>
 * <li>the mechanism: the request's must be the profile's (a PLAIN request to a CURVE profile is
 * denied);</li>
 * <li>the credentials: NULL profiles need none; PLAIN users and passwords, CURVE keys (a list, a
 * directory of certificates, or any key), from the profile's properties;</li>
 * <li>otherwise the application's {@link ZmqAuthenticator}, if there is one.</li>
 * </ol>
 * Passwords are compared in constant time. Used on the ZAP handler's thread only.
 */
public final class ZmqAccessPolicy {

	private final String profile;

	private final ZmqSecurityMechanism mechanism;

	private final ZmqAddressList allow;

	private final ZmqAddressList deny;

	private final Set<String> keys;

	private final @Nullable ZmqCertificateDirectory directory;

	private final boolean anyKey;

	private final Map<String, byte[]> users;

	private final @Nullable ZmqAuthenticator authenticator;

	private ZmqAccessPolicy(Builder builder) {
		this.profile = builder.profile;
		this.mechanism = builder.mechanism;
		this.allow = builder.allow;
		this.deny = builder.deny;
		this.keys = Set.copyOf(builder.keys);
		this.directory = builder.directory;
		this.anyKey = builder.anyKey;
		this.users = Map.copyOf(builder.users);
		this.authenticator = builder.authenticator;
	}

	/**
	 * Starts a policy.
	 * @param profile the profile name, which is the ZAP domain
	 * @param mechanism the profile's mechanism ({@code curve-server}, {@code plain-server} or {@code null})
	 * @return the builder
	 */
	public static Builder builder(String profile, ZmqSecurityMechanism mechanism) {
		return new Builder(profile, mechanism);
	}

	/** The profile name (the ZAP domain). */
	public String getProfile() {
		return this.profile;
	}

	/** The profile's mechanism. */
	public ZmqSecurityMechanism getMechanism() {
		return this.mechanism;
	}

	/**
	 * Whether anything can let a client in: a CURVE profile with no key, no directory, no any-key and no
	 * authenticator would turn everyone away, a PLAIN profile likewise without users or authenticator.
	 * @return whether some client can be allowed
	 */
	public boolean canAllow() {
		return switch (this.mechanism) {
			case CURVE_SERVER -> this.anyKey || !this.keys.isEmpty() || this.directory != null || this.authenticator != null;
			case PLAIN_SERVER -> !this.users.isEmpty() || this.authenticator != null;
			default -> true;
		};
	}

	/**
	 * Decides a request.
	 * @param request the request, whose domain is this profile
	 * @return the decision
	 */
	public ZapDecision decide(ZapRequest request) {
		if (this.deny.contains(request.address())) {
			return ZapDecision.deny("address " + request.address() + " is denied");
		}
		if (!this.allow.isEmpty() && !this.allow.contains(request.address())) {
			return ZapDecision.deny("address " + request.address() + " is not allowed");
		}
		if (!this.mechanism.zapName().equals(request.mechanism())) {
			return ZapDecision.deny(request.mechanism() + " is not this profile's mechanism (" + this.mechanism + ")");
		}
		ZapDecision decision = switch (this.mechanism) {
			case CURVE_SERVER -> curve(request);
			case PLAIN_SERVER -> plain(request);
			default -> ZapDecision.allow("");
		};
		if (decision.isAllowed() || this.authenticator == null) {
			return decision;
		}
		ZapDecision own = this.authenticator.authenticate(request);
		return (own != null) ? own : decision;
	}

	private ZapDecision curve(ZapRequest request) {
		String key = request.clientKey();
		if (key == null) {
			return ZapDecision.deny("no client key");
		}
		if (this.keys.contains(key)) {
			return ZapDecision.allow(key);
		}
		if (this.directory != null) {
			String name = this.directory.lookup(key);
			if (name != null) {
				return ZapDecision.allow(name);
			}
		}
		if (this.anyKey) {
			return ZapDecision.allow(key);
		}
		return ZapDecision.deny("client key is not authorized");
	}

	private ZapDecision plain(ZapRequest request) {
		String username = request.username();
		byte[] password = request.password();
		if (username == null || password == null) {
			return ZapDecision.deny("no user name and password");
		}
		byte[] expected = this.users.get(username);
		if (expected == null) {
			return ZapDecision.deny("unknown user " + username);
		}
		if (!MessageDigest.isEqual(expected, password)) {
			return ZapDecision.deny("wrong password for user " + username);
		}
		return ZapDecision.allow(username);
	}

	/** Builds a {@link ZmqAccessPolicy}. */
	public static final class Builder {

		private final String profile;

		private final ZmqSecurityMechanism mechanism;

		private ZmqAddressList allow = ZmqAddressList.empty();

		private ZmqAddressList deny = ZmqAddressList.empty();

		private final Set<String> keys = new LinkedHashSet<>();

		private @Nullable ZmqCertificateDirectory directory;

		private boolean anyKey;

		private final Map<String, byte[]> users = new LinkedHashMap<>();

		private @Nullable ZmqAuthenticator authenticator;

		private Builder(String profile, ZmqSecurityMechanism mechanism) {
			if (mechanism == ZmqSecurityMechanism.CURVE_CLIENT || mechanism == ZmqSecurityMechanism.PLAIN_CLIENT) {
				throw new IllegalArgumentException("a client profile has no access policy: " + profile);
			}
			this.profile = profile;
			this.mechanism = mechanism;
		}

		/** Peer addresses let in; empty lets in every address not denied. */
		public Builder allow(ZmqAddressList allow) {
			this.allow = allow;
			return this;
		}

		/** Peer addresses turned away. */
		public Builder deny(ZmqAddressList deny) {
			this.deny = deny;
			return this;
		}

		/** Authorized CURVE client keys, Z85 (validated by the caller with {@link ZmqCurveKeys}). */
		public Builder keys(List<String> keys) {
			keys.forEach((key) -> this.keys.add(key.trim()));
			return this;
		}

		/** A directory of authorized public certificates, re-read when it changes. */
		public Builder directory(@Nullable ZmqCertificateDirectory directory) {
			this.directory = directory;
			return this;
		}

		/** Lets in any CURVE client key (encryption without client authentication). */
		public Builder anyKey(boolean anyKey) {
			this.anyKey = anyKey;
			return this;
		}

		/** PLAIN users and their passwords. */
		public Builder users(Map<String, String> users) {
			users.forEach((user, password) -> this.users.put(user, password.getBytes(StandardCharsets.UTF_8)));
			return this;
		}

		/** The application's rule for requests the properties do not let in. */
		public Builder authenticator(@Nullable ZmqAuthenticator authenticator) {
			this.authenticator = authenticator;
			return this;
		}

		/** The policy. */
		public ZmqAccessPolicy build() {
			return new ZmqAccessPolicy(this);
		}

	}

}
