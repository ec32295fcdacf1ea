package dev.zmqspring.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.zmqspring.security.ZmqAccessPolicy;
import dev.zmqspring.security.ZmqAddressList;
import dev.zmqspring.security.ZmqAuthenticator;
import dev.zmqspring.security.ZmqCertificate;
import dev.zmqspring.security.ZmqCertificateDirectory;
import dev.zmqspring.security.ZmqCurveKeys;
import dev.zmqspring.security.ZmqSecurityException;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSecurityMechanism;

/**
 * Turns {@code zmq.security.profiles.*} into the socket side ({@link ZmqSecurity}) and the ZAP side
 * ({@link ZmqAccessPolicy}) of each profile, failing on the first misconfiguration with the property
 * key named and never a secret in the message ({@link ZmqPropertiesValidator#invalid}, the one place such a
 * failure is made).
 */
final class ZmqSecurityProfileBuilder {

	private static final Log logger = LogFactory.getLog(ZmqSecurityProfileBuilder.class);

	private static final String PREFIX = "zmq.security.profiles.";

	private static final String HIDDEN = "<hidden>";

	private final ZmqSecurityProperties properties;

	ZmqSecurityProfileBuilder(ZmqSecurityProperties properties) {
		this.properties = properties;
	}

	/** The socket side of every profile, by name. */
	Map<String, ZmqSecurity> profiles() {
		Map<String, ZmqSecurity> profiles = new LinkedHashMap<>();
		this.properties.getProfiles().forEach((name, profile) -> profiles.put(name, profile(name, profile)));
		return profiles;
	}

	/**
	 * The ZAP side of every server profile (and of null profiles with address rules).
	 * @param authenticator the application's authenticator, or {@code null}
	 */
	List<ZmqAccessPolicy> policies(ZmqAuthenticator authenticator) {
		List<ZmqAccessPolicy> policies = new ArrayList<>();
		this.properties.getProfiles().forEach((name, profile) -> {
			ZmqAccessPolicy policy = policy(name, profile, authenticator);
			if (policy != null) {
				policies.add(policy);
			}
		});
		return policies;
	}

	private ZmqSecurity profile(String name, ZmqSecurityProperties.Profile profile) {
		String key = PREFIX + name;
		ZmqSecurityMechanism mechanism = mechanism(name, profile);
		if (!mechanism.isServer() && mechanism != ZmqSecurityMechanism.NULL
				&& (!profile.getAllow().isEmpty() || !profile.getDeny().isEmpty())) {
			throw ZmqPropertiesValidator.invalid(key + ".allow", profile.getAllow(),
					"allow and deny lists apply to server and null profiles, not " + mechanism);
		}
		return switch (mechanism) {
			case CURVE_SERVER -> {
				ZmqCertificate own = ownCertificate(key, profile, true);
				yield ZmqSecurity.curveServer(name, own.publicKeyBytes(), own.secretKeyBytes());
			}
			case CURVE_CLIENT -> {
				ZmqCertificate own = ownCertificate(key, profile, false);
				yield ZmqSecurity.curveClient(name, own.publicKeyBytes(), own.secretKeyBytes(), serverKey(key, profile));
			}
			case PLAIN_SERVER -> ZmqSecurity.plainServer(name);
			case PLAIN_CLIENT -> {
				if (isBlank(profile.getUsername())) {
					throw ZmqPropertiesValidator.invalid(key + ".username", null,
							"a plain-client profile needs a username");
				}
				if (profile.getPassword() == null) {
					throw ZmqPropertiesValidator.invalid(key + ".password", null,
							"a plain-client profile needs a password");
				}
				yield ZmqSecurity.plainClient(name, profile.getUsername(), profile.getPassword());
			}
			case NULL -> ZmqSecurity.nullMechanism(name, !profile.getAllow().isEmpty() || !profile.getDeny().isEmpty());
		};
	}

	private ZmqAccessPolicy policy(String name, ZmqSecurityProperties.Profile profile, ZmqAuthenticator authenticator) {
		String key = PREFIX + name;
		ZmqSecurityMechanism mechanism = mechanism(name, profile);
		boolean addressRules = !profile.getAllow().isEmpty() || !profile.getDeny().isEmpty();
		if (!mechanism.isServer() && !(mechanism == ZmqSecurityMechanism.NULL && addressRules)) {
			return null;
		}
		ZmqAccessPolicy.Builder policy = ZmqAccessPolicy.builder(name, mechanism)
			.allow(addresses(profile.getAllow(), key + ".allow"))
			.deny(addresses(profile.getDeny(), key + ".deny"))
			.authenticator(authenticator);
		if (mechanism == ZmqSecurityMechanism.CURVE_SERVER) {
			List<String> keys = profile.getAuthorizedKeys();
			for (int i = 0; i < keys.size(); i++) {
				decode(keys.get(i), key + ".authorized-keys[" + i + "]", keys.get(i));
			}
			policy.keys(keys).anyKey(profile.isAllowAnyClientKey());
			if (!isBlank(profile.getAuthorizedKeysDirectory())) {
				try {
					policy.directory(new ZmqCertificateDirectory(path(profile.getAuthorizedKeysDirectory()),
							System::currentTimeMillis));
				}
				catch (ZmqSecurityException ex) {
					throw ZmqPropertiesValidator.invalid(key + ".authorized-keys-directory",
							profile.getAuthorizedKeysDirectory(), ex.getMessage());
				}
			}
		}
		else if (mechanism == ZmqSecurityMechanism.PLAIN_SERVER) {
			policy.users(profile.getUsers());
		}
		ZmqAccessPolicy built = policy.build();
		if (!built.canAllow()) {
			String what = (mechanism == ZmqSecurityMechanism.CURVE_SERVER)
					? "authorized-keys, authorized-keys-directory or allow-any-client-key"
					: "users";
			throw ZmqPropertiesValidator.invalid(key + "." + what.split(",")[0], null,
					"this " + mechanism + " profile lets no client in: set " + what
							+ ", or define a ZmqAuthenticator bean");
		}
		return built;
	}

	private static ZmqSecurityMechanism mechanism(String name, ZmqSecurityProperties.Profile profile) {
		if (profile.getMechanism() == null) {
			throw ZmqPropertiesValidator.invalid(PREFIX + name + ".mechanism", null,
					"a security profile needs a mechanism: curve-server, curve-client, plain-server, plain-client or null");
		}
		return profile.getMechanism();
	}

	/** This side's key pair: a certificate file, or inline keys; a client without either gets a fresh pair. */
	private ZmqCertificate ownCertificate(String key, ZmqSecurityProperties.Profile profile, boolean server) {
		boolean inline = profile.getPublicKey() != null || profile.getSecretKey() != null;
		if (!isBlank(profile.getCertificate())) {
			if (inline) {
				throw ZmqPropertiesValidator.invalid(key + ".certificate", profile.getCertificate(),
						"give either certificate or public-key and secret-key, not both");
			}
			Path file = path(profile.getCertificate());
			ZmqCertificate certificate = read(file, key + ".certificate", profile.getCertificate());
			if (certificate.secretKey() == null) {
				throw ZmqPropertiesValidator.invalid(key + ".certificate", profile.getCertificate(),
						"the certificate has no curve/secret-key; give the secret certificate file (…_secret)");
			}
			checkPermissions(file, key + ".certificate");
			return certificate;
		}
		if (inline) {
			if (profile.getPublicKey() == null) {
				throw ZmqPropertiesValidator.invalid(key + ".public-key", null,
						"secret-key is set but public-key is not");
			}
			if (profile.getSecretKey() == null) {
				throw ZmqPropertiesValidator.invalid(key + ".secret-key", null,
						"public-key is set but secret-key is not");
			}
			decode(profile.getPublicKey(), key + ".public-key", profile.getPublicKey());
			try {
				ZmqCurveKeys.decodeSecret(profile.getSecretKey(), key + ".secret-key");
			}
			catch (ZmqSecurityException ex) {
				throw ZmqPropertiesValidator.invalid(key + ".secret-key", HIDDEN, ex.getMessage());
			}
			return new ZmqCertificate(profile.getPublicKey().trim(), profile.getSecretKey().trim(), Map.of());
		}
		if (server) {
			throw ZmqPropertiesValidator.invalid(key + ".certificate", null,
					"a curve-server profile needs its key pair: set certificate, or public-key and secret-key");
		}
		logger.info(key + " has no key pair of its own: using a fresh one for this run"
				+ " (servers must allow any client key)");
		return ZmqCertificate.generate(null);
	}

	private byte[] serverKey(String key, ZmqSecurityProperties.Profile profile) {
		if (!isBlank(profile.getServerKey())) {
			return decode(profile.getServerKey(), key + ".server-key", profile.getServerKey());
		}
		if (!isBlank(profile.getServerCertificate())) {
			return read(path(profile.getServerCertificate()), key + ".server-certificate", profile.getServerCertificate())
				.publicKeyBytes();
		}
		throw ZmqPropertiesValidator.invalid(key + ".server-key", null,
				"a curve-client profile needs the server's public key: set server-key or server-certificate");
	}

	private static byte[] decode(String z85, String key, Object shown) {
		try {
			return ZmqCurveKeys.decode(z85, key);
		}
		catch (ZmqSecurityException ex) {
			throw ZmqPropertiesValidator.invalid(key, shown, ex.getMessage());
		}
	}

	private static ZmqCertificate read(Path file, String key, String value) {
		try {
			return ZmqCertificate.read(file);
		}
		catch (ZmqSecurityException ex) {
			throw ZmqPropertiesValidator.invalid(key, value, ex.getMessage());
		}
	}

	private void checkPermissions(Path file, String key) {
		boolean readable;
		try {
			readable = ZmqCertificate.isReadableByOthers(file);
		}
		catch (IOException ex) {
			throw ZmqPropertiesValidator.invalid(key, file.toString(),
					"cannot read the file's permissions: " + ex.getMessage());
		}
		if (!readable) {
			return;
		}
		String problem = "the secret key file " + file + " can be read by its group or others (chmod 600 it)";
		if (this.properties.getSecretFilePermissions() == ZmqSecurityProperties.SecretFilePermissions.WARN) {
			logger.warn(key + ": " + problem);
			return;
		}
		throw ZmqPropertiesValidator.invalid(key, file.toString(), problem
				+ "; zmq.security.secret-file-permissions=warn accepts it");
	}

	private static ZmqAddressList addresses(List<String> entries, String key) {
		try {
			return ZmqAddressList.of(entries, key);
		}
		catch (ZmqSecurityException ex) {
			throw ZmqPropertiesValidator.invalid(key, entries, ex.getMessage());
		}
	}

	private static Path path(String location) {
		String text = location.trim();
		return Path.of(text.startsWith("file:") ? text.substring("file:".length()) : text);
	}

	private static boolean isBlank(String text) {
		return text == null || text.isBlank();
	}

}
