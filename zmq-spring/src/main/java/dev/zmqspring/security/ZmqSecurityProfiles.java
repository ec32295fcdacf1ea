package dev.zmqspring.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The application's named security profiles (RFC 26 CURVE, RFC 24 PLAIN, RFC 27 ZAP), by name: what
 * {@code security = "<name>"} on the annotations and the {@code ...security} properties of the
 * template, proxies, brokers and Majordomo refer to. A name that is not a profile fails at startup,
 * naming where it was used and the profiles there are.
 */
public final class ZmqSecurityProfiles {

	private final Map<String, ZmqSecurity> profiles;

	/**
	 * Creates the registry.
	 * @param profiles the profiles, by name
	 */
	public ZmqSecurityProfiles(Map<String, ZmqSecurity> profiles) {
		this.profiles = Map.copyOf(new LinkedHashMap<>(profiles));
	}

	/**
	 * The profile of a name.
	 * @param name the profile name; empty means none
	 * @param source where the name was given (a property key or an annotated method), for the message
	 * @return the profile, {@link ZmqSecurity#NONE} for an empty name
	 * @throws ZmqSecurityException naming the source if there is no such profile
	 */
	public ZmqSecurity get(String name, String source) {
		if (name == null || name.isBlank()) {
			return ZmqSecurity.NONE;
		}
		ZmqSecurity profile = this.profiles.get(name.trim());
		if (profile == null) {
			List<String> known = new ArrayList<>(this.profiles.keySet());
			known.sort(null);
			throw new ZmqSecurityException(source + ": there is no security profile '" + name.trim()
					+ "' (define zmq.security.profiles." + name.trim() + "; defined: "
					+ (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
		}
		return profile;
	}

	/**
	 * A socket factory like the given one whose sockets use the named profile.
	 * @param factory the factory
	 * @param name the profile name; empty returns the factory itself
	 * @param source where the name was given, for the message
	 * @return the secured factory
	 */
	public ZmqSocketFactory secure(ZmqSocketFactory factory, String name, String source) {
		ZmqSecurity profile = get(name, source);
		return profile.isNone() ? factory : factory.withSecurity(profile);
	}

	/** The profiles, by name. */
	public Map<String, ZmqSecurity> getProfiles() {
		return this.profiles;
	}

}
