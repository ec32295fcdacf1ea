package dev.zmqspring.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import dev.zmqspring.test.PythonPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests of {@link ZmqCertificate} and {@link ZmqKeyGenerator}: the CZMQ/pyzmq certificate file
 * format (Guide ch.5 security, RFC 26), including interop with libzmq's pyzmq {@code zmq.auth}.
 */
class ZmqCertificateTests {

	/** A python peer's start included (up to 5 s measured on a starved core, see CurveLibzmqInteropTests). */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	@Test
	void writeReadRoundTrip() throws Exception {
		ZmqCertificate cert = ZmqCertificate.generate("server");
		List<Path> files = cert.write(this.dir, "server");
		assertThat(files).containsExactly(this.dir.resolve("server.key"), this.dir.resolve("server.key_secret"));
		ZmqCertificate secret = ZmqCertificate.read(files.get(1));
		assertThat(secret.publicKey()).isEqualTo(cert.publicKey());
		assertThat(secret.secretKey()).isEqualTo(cert.secretKey());
		assertThat(secret.metadata()).containsEntry("name", "server");
		ZmqCertificate pub = ZmqCertificate.read(files.get(0));
		assertThat(pub.publicKey()).isEqualTo(cert.publicKey());
		assertThat(pub.secretKey()).isNull();
		assertThat(ZmqCertificate.isReadableByOthers(files.get(1))).isFalse();
	}

	@Test
	void readsPyzmqFormat() throws Exception {
		String publicKey = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
		String secretKey = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";
		Path file = this.dir.resolve("py.key_secret");
		Files.writeString(file, """
				#   ****  Generated on 2026-01-01 10:00:00.000000 by pyzmq  ****
				#   ZeroMQ CURVE **Secret** Certificate
				#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.

				metadata
				curve
				    public-key = "%s"
				    secret-key = "%s"
				""".formatted(publicKey, secretKey), StandardCharsets.UTF_8);
		ZmqCertificate cert = ZmqCertificate.read(file);
		assertThat(cert.publicKey()).isEqualTo(publicKey);
		assertThat(cert.secretKey()).isEqualTo(secretKey);
		assertThat(cert.metadata()).isEmpty();
	}

	@Test
	void missingFileNamesFile() {
		Path missing = this.dir.resolve("nope.key");
		assertThatThrownBy(() -> ZmqCertificate.read(missing)).isInstanceOf(ZmqSecurityException.class)
			.hasMessageContaining(missing.toString())
			.hasMessageContaining("does not exist");
	}

	@Test
	void noPublicKeyNamesFile() throws Exception {
		Path file = this.dir.resolve("empty.key");
		Files.writeString(file, "metadata\n    name = \"x\"\ncurve\n");
		assertThatThrownBy(() -> ZmqCertificate.read(file)).isInstanceOf(ZmqSecurityException.class)
			.hasMessageContaining(file.toString())
			.hasMessageContaining("has no curve/public-key");
	}

	@Test
	void malformedKeyNamesFile() throws Exception {
		Path file = this.dir.resolve("bad.key");
		Files.writeString(file, "curve\n    public-key = \"tooShort\"\n");
		assertThatThrownBy(() -> ZmqCertificate.read(file)).isInstanceOf(ZmqSecurityException.class)
			.hasMessageContaining(file + " curve/public-key")
			.hasMessageContaining("40 characters, not 8");
	}

	@Test
	void fileReadableByOthers() throws Exception {
		Path file = Files.writeString(this.dir.resolve("open.key_secret"), "x");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		assertThat(ZmqCertificate.isReadableByOthers(file)).isTrue();
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		assertThat(ZmqCertificate.isReadableByOthers(file)).isFalse();
	}

	@Test
	void keyGeneratorWritesBothFilesAndPrintsPublicKey() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ZmqCertificate cert = ZmqKeyGenerator.generate(this.dir, "worker", new PrintStream(bytes, true, StandardCharsets.UTF_8));
		String out = bytes.toString(StandardCharsets.UTF_8);
		assertThat(out).contains("public key: " + cert.publicKey())
			.contains(this.dir.resolve("worker.key").toString())
			.contains(this.dir.resolve("worker.key_secret").toString());
		assertThat(ZmqCertificate.read(this.dir.resolve("worker.key_secret")).secretKey()).isEqualTo(cert.secretKey());
		assertThat(ZmqCertificate.isReadableByOthers(this.dir.resolve("worker.key_secret"))).isFalse();
		assertThat(ZmqCurveKeys.isValid(cert.publicKey())).isTrue();
	}

	@Test
	void pyzmqCreatedCertificatesAreRead() throws Exception {
		PythonPeer.assumeCurveAvailable();
		try (PythonPeer py = PythonPeer.script("cert_tool.py").option("create", this.dir).option("name", "py").start()) {
			String pub = py.awaitLine("PUBLIC ", TIMEOUT).substring(7);
			String sec = py.awaitLine("SECRET ", TIMEOUT).substring(7);
			py.awaitLine("DONE", TIMEOUT);
			assertThat(py.awaitExit(TIMEOUT)).isZero();
			ZmqCertificate secret = ZmqCertificate.read(this.dir.resolve("py.key_secret"));
			assertThat(secret.publicKey()).isEqualTo(pub);
			assertThat(secret.secretKey()).isEqualTo(sec);
			assertThat(ZmqCertificate.read(this.dir.resolve("py.key")).publicKey()).isEqualTo(pub);
		}
	}

	@Test
	void ourCertificatesLoadInPyzmq() throws Exception {
		PythonPeer.assumeCurveAvailable();
		ZmqCertificate cert = ZmqCertificate.generate("java");
		cert.write(this.dir, "java");
		try (PythonPeer py = PythonPeer.script("cert_tool.py").option("load", this.dir.resolve("java.key_secret"))
				.start()) {
			assertThat(py.awaitLine("PUBLIC ", TIMEOUT).substring(7)).isEqualTo(cert.publicKey());
			assertThat(py.awaitLine("SECRET ", TIMEOUT).substring(7)).isEqualTo(cert.secretKey());
			assertThat(py.awaitExit(TIMEOUT)).isZero();
		}
		try (PythonPeer py = PythonPeer.script("cert_tool.py").option("load", this.dir.resolve("java.key")).start()) {
			assertThat(py.awaitLine("PUBLIC ", TIMEOUT).substring(7)).isEqualTo(cert.publicKey());
			assertThat(py.awaitLine("SECRET ", TIMEOUT)).isEqualTo("SECRET -");
			assertThat(py.awaitExit(TIMEOUT)).isZero();
		}
	}

}
