package dev.zmqspring.security;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The authorized client keys of a CURVE server profile, read from a directory of public certificates
 * (RFC 26, CZMQ format, as CZMQ's {@code zcertstore} and pyzmq's {@code load_certificates} read them)
 * and read again when the directory changes: adding a client's {@code .key} file lets it in, removing
 * it keeps it out from its next connection. Files ending in {@code _secret} are skipped, as are
 * files that are not certificates (logged once per change).
 *
 * <p>The directory is looked at, at most once per check interval, when a key is looked up: on the ZAP
 * handler's thread, never on a timer of its own. One thread only.
 */
public final class ZmqCertificateDirectory {

	private static final Log logger = LogFactory.getLog(ZmqCertificateDirectory.class);

	/** How often the directory is looked at, at most. */
	public static final long CHECK_INTERVAL_MILLIS = 1000;

	private final Path directory;

	private final LongSupplier clock;

	private long checkedAt = Long.MIN_VALUE;

	private List<String> fingerprint = List.of();

	private Map<String, String> keys = Map.of();

	/**
	 * Reads the directory.
	 * @param directory the directory of public certificates
	 * @param clock the time in milliseconds (the system clock in production)
	 * @throws ZmqSecurityException if the directory does not exist
	 */
	public ZmqCertificateDirectory(Path directory, LongSupplier clock) {
		if (!Files.isDirectory(directory)) {
			throw new ZmqSecurityException("certificate directory " + directory + " does not exist");
		}
		this.directory = directory;
		this.clock = clock;
		refresh();
	}

	/** The directory. */
	public Path getDirectory() {
		return this.directory;
	}

	/**
	 * The name under which a client key is authorized (the certificate's {@code name} metadata or its
	 * file name), or {@code null} if no certificate in the directory has it.
	 * @param z85 the client's public key
	 * @return the name or {@code null}
	 */
	public @Nullable String lookup(String z85) {
		refresh();
		return this.keys.get(z85);
	}

	/** How many keys are authorized now. */
	public int size() {
		return this.keys.size();
	}

	private void refresh() {
		long now = this.clock.getAsLong();
		if (this.checkedAt != Long.MIN_VALUE && now - this.checkedAt < CHECK_INTERVAL_MILLIS) {
			return;
		}
		this.checkedAt = now;
		List<Path> files = new ArrayList<>();
		List<String> print = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.directory)) {
			for (Path file : entries) {
				String name = file.getFileName().toString();
				if (name.endsWith("_secret") || name.startsWith(".")) {
					continue;
				}
				BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
				if (attributes.isRegularFile()) {
					files.add(file);
					print.add(name + ":" + attributes.size() + ":" + attributes.lastModifiedTime().toMillis());
				}
			}
		}
		catch (IOException ex) {
			if (!this.keys.isEmpty()) {
				logger.warn("Cannot read certificate directory " + this.directory + ", no key is authorized until it is back: "
						+ ex.getMessage());
			}
			this.keys = Map.of();
			this.fingerprint = List.of();
			return;
		}
		print.sort(null);
		if (Objects.equals(print, this.fingerprint)) {
			return;
		}
		Map<String, String> loaded = new HashMap<>();
		for (Path file : files) {
			try {
				ZmqCertificate certificate = ZmqCertificate.read(file);
				String name = certificate.metadata().getOrDefault("name", file.getFileName().toString());
				loaded.put(certificate.publicKey(), name.isEmpty() ? file.getFileName().toString() : name);
			}
			catch (ZmqSecurityException ex) {
				logger.warn("Skipping " + file + ": " + ex.getMessage());
			}
		}
		this.fingerprint = print;
		this.keys = loaded;
		logger.debug("Authorized " + loaded.size() + " CURVE keys from " + this.directory);
	}

}
