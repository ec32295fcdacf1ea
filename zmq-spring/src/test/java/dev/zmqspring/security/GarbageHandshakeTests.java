package dev.zmqspring.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSecurityMechanism;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile TCP clients against a CURVE server socket and the ZAP handler (Guide ch.5 security, RFC 23
 * ZMTP 3.0, RFC 26 CurveZMQ, RFC 27 ZAP): a thousand plain TCP connections that send junk, truncated
 * greetings, a NULL-mechanism handshake, a ZMTP 1.0 message or a CURVE greeting with a forged HELLO are
 * all dropped before any of them is authenticated or delivers a message, and the socket still serves an
 * authorized CURVE client afterwards.
 */
class GarbageHandshakeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final int CONNECTIONS = 1000;

	private static final int BATCH = 50;

	/** The first ten bytes of every ZMTP 3.x greeting. */
	private static final byte[] SIGNATURE = { (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F };

	/** What one hostile connection sends. */
	enum Attack {

		/**
		 * A CURVE client greeting followed by a HELLO command of the right size but random content: the
		 * only attack whose greeting the server accepts (same version and mechanism).
		 */
		FORGED_CURVE_HELLO,
		/** Random bytes of random length. */
		JUNK,
		/** A prefix of a valid NULL greeting, shorter than the 64 bytes of a whole one. */
		TRUNCATED_GREETING,
		/** A whole ZMTP 3.0 greeting offering the NULL mechanism. */
		NULL_GREETING,
		/** A NULL greeting followed by the NULL READY command of a REQ socket. */
		NULL_HANDSHAKE,
		/** A ZMTP 1.0 (unversioned) identity and a REQ request, which has no room for a mechanism. */
		ZMTP_1_0_REQUEST

	}

	private final ZContext context = new ZContext();

	private final ZmqSocketFactory factory = new ZmqSocketFactory(this.context,
			ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));

	private final ZmqCertificate server = ZmqCertificate.generate("server");

	private final ZmqCertificate alice = ZmqCertificate.generate("alice");

	private ZmqAuthentication authentication;

	private ZMQ.Socket rep;

	private ZMQ.Socket monitor;

	private final Map<Integer, Integer> events = new HashMap<>();

	@BeforeEach
	void start() {
		this.authentication = new ZmqAuthentication(this.factory,
				List.of(ZmqAccessPolicy.builder("internal", ZmqSecurityMechanism.CURVE_SERVER)
					.keys(List.of(this.alice.publicKey()))
					.build()),
				Duration.ofSeconds(5));
		this.authentication.start();
		this.rep = this.factory
			.withSecurity(ZmqSecurity.curveServer("internal", this.server.publicKeyBytes(), this.server.secretKeyBytes()))
			.create(SocketType.REP, List.of(ZmqEndpoint.bind("tcp://127.0.0.1:*")));
		this.rep.setReceiveTimeOut(5000);
		String monitorEndpoint = "inproc://garbage-handshake-monitor";
		assertThat(this.rep.monitor(monitorEndpoint, ZMQ.EVENT_ACCEPTED | ZMQ.EVENT_DISCONNECTED
				| ZMQ.EVENT_HANDSHAKE_PROTOCOL)).isTrue();
		this.monitor = this.context.createSocket(SocketType.PAIR);
		this.monitor.setLinger(0);
		this.monitor.connect(monitorEndpoint);
	}

	@AfterEach
	void stop() {
		if (this.authentication != null) {
			this.authentication.close();
		}
		this.context.close();
	}

	@Test
	void thousandHostileConnectionsAreDroppedUnauthenticatedAndAnAuthorizedClientIsStillServed() {
		int port = port(this.rep.getLastEndpoint());
		Map<Attack, Integer> sent = new EnumMap<>(Attack.class);
		for (int first = 0; first < CONNECTIONS; first += BATCH) {
			List<Socket> batch = new ArrayList<>(BATCH);
			try {
				for (int i = first; i < first + BATCH; i++) {
					Attack attack = Attack.values()[i % Attack.values().length];
					sent.merge(attack, 1, Integer::sum);
					batch.add(attack(port, attack, new Random(i)));
				}
				for (int i = 0; i < batch.size(); i++) {
					String answer = new String(readUntilClosed(batch.get(i)), StandardCharsets.ISO_8859_1);
					// the server never gets past its greeting (and at most an ERROR command)
					assertThat(answer).as("what the server sent to connection %d", first + i)
						.doesNotContain("READY", "WELCOME");
				}
			}
			finally {
				batch.forEach(GarbageHandshakeTests::closeQuietly);
			}
			int expected = first + BATCH;
			await().atMost(TIMEOUT).pollInSameThread().until(() -> { // the monitor belongs to this thread
				drainMonitor();
				return count(ZMQ.EVENT_DISCONNECTED) >= expected;
			});
			assertThat(count(ZMQ.EVENT_ACCEPTED)).isEqualTo(expected);
		}
		assertThat(sent.values()).allSatisfy((n) -> assertThat(n).isGreaterThanOrEqualTo(CONNECTIONS / 7));
		drainMonitor();
		assertThat(count(ZMQ.EVENT_ACCEPTED)).isEqualTo(CONNECTIONS);
		assertThat(count(ZMQ.EVENT_DISCONNECTED)).isEqualTo(CONNECTIONS);
		// JeroMQ reports the agreed ZMTP version once a greeting is accepted, before the mechanism runs:
		// only the forged CURVE HELLOs got that far, and none of them further
		assertThat(count(ZMQ.EVENT_HANDSHAKE_PROTOCOL)).as("greetings accepted")
			.isEqualTo(sent.get(Attack.FORGED_CURVE_HELLO));
		assertThat(this.authentication.getAllowed()).isZero();
		assertThat(this.authentication.getDenied()).as("none got as far as asking the ZAP handler").isZero();
		assertThat(this.rep.recvStr(ZMQ.DONTWAIT)).as("message delivered by a hostile peer").isNull();

		try (ZMQ.Socket req = this.context.createSocket(SocketType.REQ)) {
			req.setLinger(0);
			req.setHandshakeIvl(1000);
			req.setReceiveTimeOut(5000);
			req.setCurvePublicKey(this.alice.publicKeyBytes());
			req.setCurveSecretKey(this.alice.secretKeyBytes());
			req.setCurveServerKey(this.server.publicKeyBytes());
			req.connect("tcp://127.0.0.1:" + port);
			assertThat(req.send("Hello")).isTrue();
			assertThat(this.rep.recvStr()).isEqualTo("Hello");
			assertThat(this.rep.send("World")).isTrue();
			assertThat(req.recvStr()).isEqualTo("World");
		}
		assertThat(this.authentication.getAllowed()).isEqualTo(1);
		await().atMost(TIMEOUT).pollInSameThread().until(() -> {
			drainMonitor();
			return count(ZMQ.EVENT_HANDSHAKE_PROTOCOL) == sent.get(Attack.FORGED_CURVE_HELLO) + 1;
		});
		assertThat(count(ZMQ.EVENT_ACCEPTED)).isEqualTo(CONNECTIONS + 1);
	}

	private static Socket attack(int port, Attack attack, Random random) {
		Socket socket = new Socket();
		try {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			socket.setSoLinger(false, 0);
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
			socket.getOutputStream().write(payload(attack, random));
			socket.getOutputStream().flush();
			// half-close: the server reads everything we sent, then our end of file, and must hang up
			socket.shutdownOutput();
			return socket;
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new UncheckedIOException(ex);
		}
	}

	static byte[] payload(Attack attack, Random random) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		switch (attack) {
			case JUNK -> {
				byte[] junk = new byte[1 + random.nextInt(300)];
				random.nextBytes(junk);
				out.writeBytes(junk);
			}
			case TRUNCATED_GREETING -> {
				byte[] greeting = greeting("NULL");
				out.write(greeting, 0, 1 + random.nextInt(greeting.length - 1));
			}
			case NULL_GREETING -> out.writeBytes(greeting("NULL"));
			case NULL_HANDSHAKE -> {
				out.writeBytes(greeting("NULL"));
				out.writeBytes(readyCommand("REQ"));
			}
			case ZMTP_1_0_REQUEST -> {
				out.writeBytes(new byte[] { 1, 0 }); // empty identity: length 1 (flags only), flags 0
				out.writeBytes(new byte[] { 1, 1 }); // empty REQ delimiter, MORE
				byte[] body = "Hello".getBytes(StandardCharsets.US_ASCII);
				out.write(body.length + 1);
				out.write(0);
				out.writeBytes(body);
			}
			case FORGED_CURVE_HELLO -> {
				out.writeBytes(greeting("CURVE"));
				out.write(0x04); // short command
				out.write(200);
				out.write(5);
				out.writeBytes("HELLO".getBytes(StandardCharsets.US_ASCII));
				out.write(1); // version 1.0
				out.write(0);
				out.writeBytes(new byte[72]); // anti-amplification padding
				byte[] forged = new byte[32 + 8 + 80]; // client transient key, nonce, signature box
				random.nextBytes(forged);
				out.writeBytes(forged);
			}
		}
		return out.toByteArray();
	}

	/** A ZMTP 3.0 client greeting (RFC 23): signature, version 3.0, mechanism, as-server 0, filler. */
	private static byte[] greeting(String mechanism) {
		byte[] greeting = new byte[64];
		System.arraycopy(SIGNATURE, 0, greeting, 0, SIGNATURE.length);
		greeting[10] = 3;
		greeting[11] = 0;
		byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(name, 0, greeting, 12, name.length);
		return greeting;
	}

	/** The NULL mechanism's READY command with a Socket-Type property (RFC 23). */
	private static byte[] readyCommand(String socketType) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(5);
		body.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
		byte[] key = "Socket-Type".getBytes(StandardCharsets.US_ASCII);
		byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
		body.write(key.length);
		body.writeBytes(key);
		body.writeBytes(new byte[] { 0, 0, 0, (byte) value.length });
		body.writeBytes(value);
		ByteArrayOutputStream command = new ByteArrayOutputStream();
		command.write(0x04);
		command.write(body.size());
		command.writeBytes(body.toByteArray());
		return command.toByteArray();
	}

	/** Everything the server sends until it closes the connection; fails if it keeps it open. */
	private static byte[] readUntilClosed(Socket socket) {
		try {
			return socket.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			if (ex instanceof java.net.SocketException && String.valueOf(ex.getMessage()).contains("reset")) {
				return new byte[0]; // the server aborted the connection: closed as well
			}
			throw new UncheckedIOException("the server did not close a hostile connection", ex);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	private void drainMonitor() {
		ZMQ.Event event;
		while ((event = ZMQ.Event.recv(this.monitor, ZMQ.DONTWAIT)) != null) {
			this.events.merge(event.getEvent(), 1, Integer::sum);
		}
	}

	private int count(int event) {
		return this.events.getOrDefault(event, 0);
	}

	private static int port(String endpoint) {
		return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
	}

}
