package dev.zmqspring.security;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The key generator command: writes a fresh CURVE certificate pair (RFC 26) in the CZMQ format,
 * {@code <name>.key} and {@code <name>.key_secret} (owner-only), and prints the public key.
 *
 * <pre>
 * java -cp zmq-spring.jar:jeromq.jar:jnacl.jar dev.zmqspring.security.ZmqKeyGenerator &lt;directory&gt; &lt;name&gt;
 * </pre>
 * From the repository, {@code bin/zmq-keygen} builds that class path (docs/security.md).
 */
public final class ZmqKeyGenerator {

	private ZmqKeyGenerator() {
	}

	/**
	 * Runs the command.
	 * @param args the directory and the certificate name
	 * @throws IOException if the files cannot be written
	 */
	public static void main(String[] args) throws IOException {
		if (args.length != 2) {
			System.err.println("usage: ZmqKeyGenerator <directory> <name>");
			System.exit(2);
			return;
		}
		generate(Path.of(args[0]), args[1], System.out);
	}

	/**
	 * Generates and writes a certificate pair.
	 * @param directory where to write
	 * @param name the base file name and the {@code name} metadata
	 * @param out where to report the files and the public key
	 * @return the certificate
	 * @throws IOException if the files cannot be written
	 */
	public static ZmqCertificate generate(Path directory, String name, PrintStream out) throws IOException {
		ZmqCertificate certificate = ZmqCertificate.generate(name);
		List<Path> files = certificate.write(directory, name);
		out.println("public certificate: " + files.get(0));
		out.println("secret certificate: " + files.get(1) + " (keep it private)");
		out.println("public key: " + certificate.publicKey());
		return certificate;
	}

}
