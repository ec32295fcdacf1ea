package dev.zmqspring.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * A CURVE certificate (RFC 26): a long-term public key, optionally its secret key, and metadata, in
 * the file format of CZMQ's {@code zcert} and pyzmq's {@code zmq.auth} (ZPL, RFC 4): a public file
 * {@code <name>.key} with {@code curve/public-key}, and a secret file {@code <name>.key_secret} that
 * also has {@code curve/secret-key}. Keys made by libzmq or CZMQ tools load here, and keys written
 * here load there.
 *
 * @param publicKey the public key, Z85
 * @param secretKey the secret key, Z85, or {@code null} in a public certificate
 * @param metadata the {@code metadata} section (such as {@code name})
 */
public record ZmqCertificate(String publicKey, @Nullable String secretKey, Map<String, String> metadata) {

	/** The suffix of a public certificate file written by {@link #write}. */
	public static final String PUBLIC_SUFFIX = ".key";

	/** The suffix of a secret certificate file written by {@link #write}. */
	public static final String SECRET_SUFFIX = ".key_secret";

	public ZmqCertificate {
		metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
	}

	/**
	 * A fresh key pair.
	 * @param name the {@code name} metadata, or {@code null}
	 * @return the certificate with both keys
	 */
	public static ZmqCertificate generate(@Nullable String name) {
		ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
		return new ZmqCertificate(pair.publicKey, pair.secretKey, (name != null) ? Map.of("name", name) : Map.of());
	}

	/** The public key bytes. */
	public byte[] publicKeyBytes() {
		return ZmqCurveKeys.decode(this.publicKey, "public-key");
	}

	/**
	 * The secret key bytes.
	 * @throws ZmqSecurityException if this is a public certificate
	 */
	public byte[] secretKeyBytes() {
		if (this.secretKey == null) {
			throw new ZmqSecurityException("the certificate has no secret key");
		}
		return ZmqCurveKeys.decodeSecret(this.secretKey, "secret-key");
	}

	/** This certificate without its secret key. */
	public ZmqCertificate publicPart() {
		return new ZmqCertificate(this.publicKey, null, this.metadata);
	}

	/**
	 * Reads a certificate file, public or secret.
	 * @param file the file
	 * @return the certificate, its keys validated
	 * @throws ZmqSecurityException naming the file if it is missing, unreadable or malformed
	 */
	public static ZmqCertificate read(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			throw new ZmqSecurityException("certificate file " + file + " does not exist", ex);
		}
		catch (IOException ex) {
			throw new ZmqSecurityException("cannot read certificate file " + file + ": " + ex.getMessage(), ex);
		}
		Map<String, String> curve = new LinkedHashMap<>();
		Map<String, String> metadata = new LinkedHashMap<>();
		String section = "";
		for (String line : lines) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			if (!Character.isWhitespace(line.charAt(0))) {
				section = trimmed;
				continue;
			}
			int equals = trimmed.indexOf('=');
			if (equals <= 0) {
				continue;
			}
			String key = trimmed.substring(0, equals).strip();
			String value = value(trimmed.substring(equals + 1).strip());
			if ("curve".equals(section)) {
				curve.put(key, value);
			}
			else if ("metadata".equals(section)) {
				metadata.put(key, value);
			}
		}
		String publicKey = curve.get("public-key");
		if (publicKey == null) {
			throw new ZmqSecurityException("certificate file " + file + " has no curve/public-key");
		}
		ZmqCurveKeys.decode(publicKey, file + " curve/public-key");
		String secretKey = curve.get("secret-key");
		if (secretKey != null) {
			ZmqCurveKeys.decodeSecret(secretKey, file + " curve/secret-key");
		}
		return new ZmqCertificate(publicKey, secretKey, metadata);
	}

	/** A ZPL value: quoted (Z85 may contain {@code #}) or bare up to a comment. */
	private static String value(String text) {
		if (text.length() >= 2 && (text.charAt(0) == '"' || text.charAt(0) == '\'')) {
			int end = text.indexOf(text.charAt(0), 1);
			return (end > 0) ? text.substring(1, end) : text.substring(1);
		}
		int comment = text.indexOf('#');
		return ((comment >= 0) ? text.substring(0, comment) : text).strip();
	}

	/**
	 * Writes {@code <name>.key} (public) and, if this certificate has a secret key,
	 * {@code <name>.key_secret} readable by the owner only (where the file system has POSIX
	 * permissions).
	 * @param directory the directory, created if missing
	 * @param name the base file name
	 * @return the files written, public first
	 * @throws IOException if a file cannot be written
	 */
	public List<Path> write(Path directory, String name) throws IOException {
		Files.createDirectories(directory);
		List<Path> written = new ArrayList<>(2);
		Path publicFile = directory.resolve(name + PUBLIC_SUFFIX);
		Files.writeString(publicFile, text(false), StandardCharsets.UTF_8);
		written.add(publicFile);
		if (this.secretKey != null) {
			Path secretFile = directory.resolve(name + SECRET_SUFFIX);
			Files.deleteIfExists(secretFile);
			Files.createFile(secretFile);
			restrict(secretFile);
			Files.writeString(secretFile, text(true), StandardCharsets.UTF_8);
			written.add(secretFile);
		}
		return written;
	}

	private static void restrict(Path file) throws IOException {
		PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
		if (posix != null) {
			posix.setPermissions(PosixFilePermissions.fromString("rw-------"));
		}
	}

	private String text(boolean secret) {
		StringBuilder text = new StringBuilder();
		text.append("#   ****  Generated on ")
			.append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
			.append(" by zmq-spring  ****\n");
		if (secret) {
			text.append("#   ZeroMQ CURVE **Secret** Certificate\n")
				.append("#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\n");
		}
		else {
			text.append("#   ZeroMQ CURVE Public Certificate\n")
				.append("#   Exchange securely, or use a secure mechanism to verify the contents\n")
				.append("#   of this file after exchange.\n\n");
		}
		text.append("metadata\n");
		this.metadata.forEach((key, value) -> text.append("    ").append(key).append(" = \"").append(value).append("\"\n"));
		text.append("curve\n");
		text.append("    public-key = \"").append(this.publicKey).append("\"\n");
		if (secret) {
			text.append("    secret-key = \"").append(this.secretKey).append("\"\n");
		}
		return text.toString();
	}

	/**
	 * Whether users other than the owner may read the file (group or world read permission), which a
	 * file holding a secret key must not allow. {@code false} where the file system has no POSIX
	 * permissions.
	 * @param file the file
	 * @return whether the file is readable by group or others
	 * @throws IOException if the permissions cannot be read
	 */
	public static boolean isReadableByOthers(Path file) throws IOException {
		PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
		if (posix == null) {
			return false;
		}
		Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
		return permissions.contains(PosixFilePermission.GROUP_READ)
				|| permissions.contains(PosixFilePermission.OTHERS_READ);
	}

	@Override
	public String toString() {
		return "ZmqCertificate[publicKey=" + this.publicKey + ", secretKey=" + ((this.secretKey != null) ? "****" : "none")
				+ ", metadata=" + this.metadata + "]";
	}

}
