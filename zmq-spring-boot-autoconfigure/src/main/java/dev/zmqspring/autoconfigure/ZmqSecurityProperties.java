package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.zmqspring.support.ZmqSecurityMechanism;

/**
 * The {@code zmq.security.*} properties: named security profiles (RFC 26 CURVE, RFC 24 PLAIN, RFC 27
 * ZAP) that the template, listeners, proxies, brokers and Majordomo refer to by name. See
 * docs/security.md.
 */
@ConfigurationProperties("zmq.security")
public class ZmqSecurityProperties {

	/** Security profiles by name. */
	private Map<String, Profile> profiles = new LinkedHashMap<>();

	/**
	 * What happens when a secret key file can be read by its group or by others: fail (startup fails
	 * naming the file) or warn (logged once).
	 */
	private SecretFilePermissions secretFilePermissions = SecretFilePermissions.FAIL;

	public Map<String, Profile> getProfiles() {
		return this.profiles;
	}

	public void setProfiles(Map<String, Profile> profiles) {
		this.profiles = profiles;
	}

	public SecretFilePermissions getSecretFilePermissions() {
		return this.secretFilePermissions;
	}

	public void setSecretFilePermissions(SecretFilePermissions secretFilePermissions) {
		this.secretFilePermissions = secretFilePermissions;
	}

	/** What a readable secret key file does to startup. */
	public enum SecretFilePermissions {

		/** Startup fails, naming the file. */
		FAIL,

		/** A warning is logged. */
		WARN

	}

	/** One security profile. */
	public static class Profile {

		/** The mechanism and side: curve-server, curve-client, plain-server, plain-client or null. */
		private ZmqSecurityMechanism mechanism;

		/**
		 * A secret certificate file in the CZMQ format (curve/public-key and curve/secret-key), the
		 * long-term key pair of this side. Alternative to public-key and secret-key.
		 */
		private String certificate;

		/** This side's long-term public key, Z85 (40 characters), with secret-key. */
		private String publicKey;

		/** This side's long-term secret key, Z85 (40 characters); prefer a certificate file or a secret store. */
		private String secretKey;

		/** curve-client: the server's public key, Z85. Alternative to server-certificate. */
		private String serverKey;

		/** curve-client: the server's public certificate file (CZMQ format). */
		private String serverCertificate;

		/** curve-server: authorized client public keys, Z85. */
		private List<String> authorizedKeys = new ArrayList<>();

		/**
		 * curve-server: a directory of authorized clients' public certificate files (CZMQ format),
		 * read again when it changes.
		 */
		private String authorizedKeysDirectory;

		/**
		 * curve-server: let in any client key (encrypted connections without client authentication).
		 */
		private boolean allowAnyClientKey;

		/** plain-server: user names and their passwords. */
		private Map<String, String> users = new LinkedHashMap<>();

		/** plain-client: the user name. */
		private String username;

		/** plain-client: the password. */
		private String password;

		/**
		 * Server profiles (and null): peer IP addresses or CIDR blocks let in; empty lets in every
		 * address not denied.
		 */
		private List<String> allow = new ArrayList<>();

		/** Server profiles (and null): peer IP addresses or CIDR blocks turned away. */
		private List<String> deny = new ArrayList<>();

		public ZmqSecurityMechanism getMechanism() {
			return this.mechanism;
		}

		public void setMechanism(ZmqSecurityMechanism mechanism) {
			this.mechanism = mechanism;
		}

		public String getCertificate() {
			return this.certificate;
		}

		public void setCertificate(String certificate) {
			this.certificate = certificate;
		}

		public String getPublicKey() {
			return this.publicKey;
		}

		public void setPublicKey(String publicKey) {
			this.publicKey = publicKey;
		}

		public String getSecretKey() {
			return this.secretKey;
		}

		public void setSecretKey(String secretKey) {
			this.secretKey = secretKey;
		}

		public String getServerKey() {
			return this.serverKey;
		}

		public void setServerKey(String serverKey) {
			this.serverKey = serverKey;
		}

		public String getServerCertificate() {
			return this.serverCertificate;
		}

		public void setServerCertificate(String serverCertificate) {
			this.serverCertificate = serverCertificate;
		}

		public List<String> getAuthorizedKeys() {
			return this.authorizedKeys;
		}

		public void setAuthorizedKeys(List<String> authorizedKeys) {
			this.authorizedKeys = authorizedKeys;
		}

		public String getAuthorizedKeysDirectory() {
			return this.authorizedKeysDirectory;
		}

		public void setAuthorizedKeysDirectory(String authorizedKeysDirectory) {
			this.authorizedKeysDirectory = authorizedKeysDirectory;
		}

		public boolean isAllowAnyClientKey() {
			return this.allowAnyClientKey;
		}

		public void setAllowAnyClientKey(boolean allowAnyClientKey) {
			this.allowAnyClientKey = allowAnyClientKey;
		}

		public Map<String, String> getUsers() {
			return this.users;
		}

		public void setUsers(Map<String, String> users) {
			this.users = users;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public List<String> getAllow() {
			return this.allow;
		}

		public void setAllow(List<String> allow) {
			this.allow = allow;
		}

		public List<String> getDeny() {
			return this.deny;
		}

		public void setDeny(List<String> deny) {
			this.deny = deny;
		}

		@Override
		public String toString() {
			return "Profile[" + this.mechanism + "]";
		}

	}

}
