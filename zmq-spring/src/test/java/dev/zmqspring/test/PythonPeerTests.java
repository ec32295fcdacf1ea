package dev.zmqspring.test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;

import com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * {@link PythonPeer}'s command line: every option value reaches the script as one
 * {@code --name=value} argument, so that a value beginning with {@code -} (one random Z85 key in 85)
 * is never read as an option by the script's argparse.
 */
class PythonPeerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** The Z85 alphabet (ZeroMQ RFC 32); {@code '-'} is its 64th character. */
	private static final String Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

	@Test
	void optionsBecomeOneNameValueArgumentEach() {
		PythonPeer.Command command = PythonPeer.script("secure_req_client.py")
			.option("connect", "tcp://127.0.0.1:5555")
			.option("secret-key", "-:{ZKIcaJ=@F#z")
			.option("count", 1)
			.flag("ignore-stdin");
		assertThat(command.arguments()).containsExactly("--connect=tcp://127.0.0.1:5555", "--secret-key=-:{ZKIcaJ=@F#z",
				"--count=1", "--ignore-stdin");
	}

	@Test
	void aNameWithDashesOrAMissingValueIsRefused() {
		PythonPeer.Command command = PythonPeer.script("secure_req_client.py");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> command.option("--secret-key", "x"))
			.withMessageContaining("without dashes");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> command.flag("-v"));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> command.option("secret key", "x"));
		assertThatNullPointerException().isThrownBy(() -> command.option("secret-key", null))
			.withMessageContaining("--secret-key");
		assertThat(command.arguments()).isEmpty();
	}

	/**
	 * A libzmq CURVE client whose own keys and server key all begin with {@code -}, and whose request
	 * text does too, talks to a JeroMQ CURVE server: the handshake succeeds only if every key reached
	 * the script intact (a client secret key that does not match its public key fails the vouch).
	 */
	@Test
	void keysAndTextBeginningWithADashReachTheScriptIntact() {
		PythonPeer.assumeCurveAvailable();
		long seed = System.nanoTime();
		System.out.println("PythonPeerTests seed: " + seed);
		Random random = new Random(seed);
		String[] server = keyPairBeginningWithADash(random);
		String[] client = keyPairBeginningWithADash(random);
		try (ZContext context = new ZContext(); ZMQ.Socket rep = context.createSocket(SocketType.REP)) {
			rep.setLinger(0);
			rep.setCurveServer(true);
			rep.setCurvePublicKey(ZMQ.Curve.z85Decode(server[0]));
			rep.setCurveSecretKey(ZMQ.Curve.z85Decode(server[1]));
			rep.setReceiveTimeOut((int) TIMEOUT.toMillis());
			rep.bind("tcp://127.0.0.1:*");
			try (PythonPeer py = PythonPeer.script("secure_req_client.py")
				.option("connect", rep.getLastEndpoint())
				.option("server-key", server[0])
				.option("public-key", client[0])
				.option("secret-key", client[1])
				.option("text", "-n")
				.option("timeout-ms", 60_000)
				.option("seconds", 60)
				.start()) {
				assertThat(py.awaitLine("KEY ", TIMEOUT)).isEqualTo("KEY " + client[0]);
				assertThat(rep.recvStr()).as("request of %s", py).isEqualTo("-n 0");
				rep.send("-reply");
				assertThat(py.awaitLine("REPLY ", TIMEOUT)).isEqualTo("REPLY -reply");
			}
		}
	}

	/**
	 * A CURVE key pair (Z85 public, Z85 secret) whose two keys begin with {@code -}: the secret key
	 * is drawn with its first four bytes in the range Z85 encodes as {@code -}, and drawn again until
	 * its public key begins with {@code -} too (one in 85).
	 */
	private static String[] keyPairBeginningWithADash(Random random) {
		long block = 85L * 85 * 85 * 85;
		long first = Z85.indexOf('-') * block;
		while (true) {
			byte[] secret = new byte[32];
			random.nextBytes(secret);
			ByteBuffer.wrap(secret).putInt((int) (first + (long) (random.nextDouble() * block)));
			byte[] publicKey = new byte[32];
			curve25519xsalsa20poly1305.crypto_box_getpublickey(publicKey, secret);
			String[] pair = { ZMQ.Curve.z85Encode(publicKey), ZMQ.Curve.z85Encode(secret) };
			if (pair[0].startsWith("-") && pair[1].startsWith("-")) {
				return pair;
			}
		}
	}

}
