package dev.zmqspring.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key-generation command that docs/security.md gives (RFC 26 CURVE certificates, CZMQ format):
 * read from the document and run as written, from the repository's root, with only its directory
 * argument pointed at a temporary directory. It must find JeroMQ and jnacl by itself.
 */
class ZmqKeyGeneratorCommandTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	@TempDir
	Path keys;

	@Test
	void theDocumentedCommandWritesACertificatePair() throws IOException, InterruptedException {
		String doc = Files.readString(ROOT.resolve("docs/security.md"));
		Matcher block = Pattern.compile("Generate a pair.*?```bash\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc);
		assertThat(block.find()).as("the command block in docs/security.md").isTrue();
		String command = block.group(1).trim();
		assertThat(command).isEqualTo("bin/zmq-keygen /etc/zmq server");
		ProcessBuilder builder = new ProcessBuilder("bash", "-c", command.replace("/etc/zmq", "\"$KEYS\""))
			.directory(ROOT.toFile())
			.redirectErrorStream(true);
		builder.environment().put("KEYS", this.keys.toString());
		Process process = builder.start();
		assertThat(process.waitFor(100, TimeUnit.SECONDS)).as("the command ends").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).doesNotContain("NoClassDefFoundError").doesNotContain("\u001b[");
		ZmqCertificate secret = ZmqCertificate.read(this.keys.resolve("server.key_secret"));
		ZmqCertificate pub = ZmqCertificate.read(this.keys.resolve("server.key"));
		assertThat(secret.secretKey()).isNotNull();
		assertThat(pub.secretKey()).isNull();
		assertThat(pub.publicKey()).isEqualTo(secret.publicKey());
		assertThat(output).contains("public key: " + secret.publicKey());
		assertThat(Files.getPosixFilePermissions(this.keys.resolve("server.key_secret")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
	}

}
