package dev.zmqspring.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSecurityMechanism;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CURVE port under a flood of bad handshakes (RFC 23 ZMTP greeting, RFC 26 CURVE): 1,000 TCP
 * connections that send garbage, a truncated greeting, a greeting offering NULL, or a CURVE greeting
 * followed by a forged HELLO. None is authenticated and none delivers a message; afterwards an
 * authorized JeroMQ CURVE client is served and is the only peer the ZAP handler ever allowed.
 */
class GarbageHandshakeTests {

	private static final int CONNECTIONS = 1_000;

	private static final int BATCH = 50;

	private final ZContext context = new ZContext();

	private final ZmqSocketFactory factory = new ZmqSocketFactory(this.context,
			ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));

	private final ZmqCertificate server = ZmqCertificate.generate("server");

	private final ZmqCertificate alice = ZmqCertificate.generate("alice");

	private ZmqAuthentication authentication;

	@BeforeEach
	void start() {
		this.authentication = new ZmqAuthentication(this.factory,
				List.of(ZmqAccessPolicy.builder("internal", ZmqSecurityMechanism.CURVE_SERVER)
					.keys(List.of(this.alice.publicKey()))
					.build()),
				Duration.ofSeconds(5));
		this.authentication.start();
	}

	@AfterEach
	void stop() {
		this.authentication.close();
		this.context.close();
	}

	@Test
	void aThousandBadHandshakesAuthenticateNothingAndTheServerStillServesAnAllowedClient() throws IOException {
		ZMQ.Socket rep = this.factory
			.withSecurity(ZmqSecurity.curveServer("internal", this.server.publicKeyBytes(), this.server.secretKeyBytes()))
			.create(SocketType.REP, List.of(ZmqEndpoint.bind("tcp://127.0.0.1:*")));
		String endpoint = rep.getLastEndpoint();
		int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
		Random random = new Random(20);
		int handled = 0;
		for (int first = 0; first < CONNECTIONS; first += BATCH) {
			List<Socket> batch = new ArrayList<>();
			try {
				for (int i = first; i < first + BATCH; i++) {
					Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
					socket.setSoTimeout(10_000);
					batch.add(socket);
					OutputStream out = socket.getOutputStream();
					out.write(handshake(i % 4, random));
					out.flush();
				}
				for (Socket socket : batch) {
					handled += answeredOrClosed(socket) ? 1 : 0;
				}
			}
			finally {
				for (Socket socket : batch) {
					socket.close();
				}
			}
			assertThat(rep.recv(ZMQ.DONTWAIT)).as("nothing delivered after %d connections", first + BATCH).isNull();
		}
		assertThat(this.authentication.getAllowed()).isZero();
		assertThat(handled).as("every connection answered with a greeting or closed by the server").isEqualTo(CONNECTIONS);

		try (ZMQ.Socket client = this.factory
			.withSecurity(ZmqSecurity.curveClient("alice", this.alice.publicKeyBytes(), this.alice.secretKeyBytes(),
					this.server.publicKeyBytes()))
			.create(SocketType.REQ, List.of(ZmqEndpoint.connect(endpoint)))) {
			client.setReceiveTimeOut(10_000);
			rep.setReceiveTimeOut(10_000);
			client.send("after the flood");
			assertThat(rep.recvStr()).isEqualTo("after the flood");
			rep.send("still serving");
			assertThat(client.recvStr()).isEqualTo("still serving");
		}
		assertThat(this.authentication.getAllowed()).as("only the authorized client").isEqualTo(1);
	}

	/** The bytes one hostile connection sends, by kind: 0 garbage, 1 truncated, 2 NULL, 3 forged HELLO. */
	private static byte[] handshake(int kind, Random random) {
		return switch (kind) {
			case 0 -> randomBytes(random, 1 + random.nextInt(200));
			case 1 -> Arrays.copyOf(greeting("CURVE"), 1 + random.nextInt(63));
			case 2 -> greeting("NULL");
			default -> concat(greeting("CURVE"), forgedHello(random));
		};
	}

	/** A ZMTP 3.0 greeting: signature, version, mechanism, as-server 0, filler (RFC 23). */
	private static byte[] greeting(String mechanism) {
		byte[] greeting = new byte[64];
		greeting[0] = (byte) 0xFF;
		greeting[9] = 0x7F;
		greeting[10] = 3;
		greeting[11] = 0;
		byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(name, 0, greeting, 12, name.length);
		return greeting;
	}

	/** A HELLO command of the right size whose key and box are random (RFC 26). */
	private static byte[] forgedHello(Random random) {
		byte[] body = new byte[200];
		body[0] = 5;
		System.arraycopy("HELLO".getBytes(StandardCharsets.US_ASCII), 0, body, 1, 5);
		body[6] = 1;
		byte[] rest = randomBytes(random, body.length - 7);
		System.arraycopy(rest, 0, body, 7, rest.length);
		byte[] command = new byte[2 + body.length];
		command[0] = 0x04;
		command[1] = (byte) body.length;
		System.arraycopy(body, 0, command, 2, body.length);
		return command;
	}

	/** Whether the server reacted: sent its greeting's first byte, closed, or reset the connection. */
	private static boolean answeredOrClosed(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		try {
			int first = in.read();
			return first == 0xFF || first == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (java.net.SocketException ex) {
			return true; // reset by the server
		}
	}

	private static byte[] randomBytes(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] all = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

}
