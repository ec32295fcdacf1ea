package dev.zmqspring.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSecurityMechanism;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.test.PythonPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * libzmq (pyzmq) CURVE peers against our CURVE server socket and ZAP handler, and our CURVE
 * {@link ZmqTemplate} against a pyzmq CURVE server (Guide ch.5 security, RFC 26/27).
 */
class CurveLibzmqInteropTests {

	/**
	 * How long a python client may take to start, or to print what follows its own timeouts: its
	 * {@code import zmq} alone took up to 5 s with the JVM and python held to a ninth of a core, and on a
	 * machine loaded 14-fold per core a client printed READY but not its 2 s timeout within 10 s.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/**
	 * How long a test waits, once the python client is ready, for what needs a fresh connection's
	 * CURVE handshake. The first CURVE handshake of a JVM runs JeroMQ's curve25519 (jnacl) in the
	 * interpreter: with the JVM held to a ninth of a core it ended 1.4 to 5.4 s after the client was
	 * ready (20 to 100 ms when idle). A handshake the server's handshake interval (2 s) cuts off is
	 * retried by libzmq 100 ms later.
	 */
	private static final Duration HANDSHAKE = Duration.ofSeconds(20);

	/**
	 * The python clients' own wait for a reply: longer than {@link #HANDSHAKE}, so that a client
	 * never gives up (and closes its connection) before the server has decided; the test ends it.
	 */
	private static final long CLIENT_TIMEOUT_MS = 60_000;

	private final ZContext context = new ZContext();

	private final ZmqSocketFactory factory = new ZmqSocketFactory(this.context,
			ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));

	private final ZmqCertificate server = ZmqCertificate.generate("server");

	private final ZmqCertificate alice = ZmqCertificate.generate("alice");

	private final List<String> decisions = new CopyOnWriteArrayList<>();

	private ZmqAuthentication authentication;

	private ZMQ.Socket rep;

	@BeforeEach
	void start() {
		PythonPeer.assumeCurveAvailable();
		this.authentication = new ZmqAuthentication(this.factory,
				List.of(ZmqAccessPolicy.builder("internal", ZmqSecurityMechanism.CURVE_SERVER)
					.keys(List.of(this.alice.publicKey()))
					.build(),
						ZmqAccessPolicy.builder("users", ZmqSecurityMechanism.PLAIN_SERVER)
							.users(java.util.Map.of("admin", "s3cret"))
							.build()),
				Duration.ofSeconds(5));
		this.authentication.addListener((request, decision) -> this.decisions
			.add(request.mechanism() + ":" + decision.result()));
		this.authentication.start();
		this.rep = this.factory
			.withSecurity(ZmqSecurity.curveServer("internal", this.server.publicKeyBytes(), this.server.secretKeyBytes()))
			.create(SocketType.REP, List.of(ZmqEndpoint.bind("tcp://127.0.0.1:*")));
		this.rep.setReceiveTimeOut((int) HANDSHAKE.toMillis());
	}

	@AfterEach
	void stop() {
		if (this.authentication != null) {
			this.authentication.close();
		}
		this.context.close();
	}

	@Test
	void pyzmqClientWithAuthorizedKeyIsServed() {
		try (PythonPeer py = PythonPeer.script("secure_req_client.py").option("connect", this.rep.getLastEndpoint())
				.option("server-key", this.server.publicKey()).option("public-key", this.alice.publicKey())
				.option("secret-key", this.alice.secretKey()).option("count", "1").option("timeout-ms", CLIENT_TIMEOUT_MS)
				.start()) {
			py.awaitReady(TIMEOUT);
			assertThat(this.rep.recvStr()).as("request of %s", py).isEqualTo("Hello 0");
			this.rep.send("World");
			assertThat(py.awaitLine("REPLY ", TIMEOUT)).isEqualTo("REPLY World");
			py.awaitLine("DONE", TIMEOUT);
			assertThat(py.awaitExit(TIMEOUT)).isZero();
		}
		// a connection the server's handshake interval cut off under load is retried and decided again
		assertThat(this.authentication.getAllowed()).isPositive();
		assertThat(this.decisions).containsOnly("CURVE:allowed");
	}

	@Test
	void pyzmqClientWithUnknownKeyIsDenied() {
		try (PythonPeer py = PythonPeer.script("secure_req_client.py").option("connect", this.rep.getLastEndpoint())
				.option("server-key", this.server.publicKey()).option("count", "1")
				.option("timeout-ms", CLIENT_TIMEOUT_MS).start()) {
			py.awaitReady(TIMEOUT);
			await().atMost(HANDSHAKE).until(() -> this.authentication.getDenied() >= 1);
			assertThat(this.rep.recvStr(ZMQ.DONTWAIT)).isNull();
			assertThat(py.lines()).noneMatch((line) -> line.startsWith("REPLY"));
		}
		assertThat(this.authentication.getAllowed()).isZero();
		assertThat(this.decisions).containsOnly("CURVE:denied");
	}

	@Test
	void pyzmqNullClientGetsNothing() {
		try (PythonPeer py = PythonPeer.script("secure_req_client.py").option("connect", this.rep.getLastEndpoint())
				.option("count", "1").option("timeout-ms", "2000").flag("ignore-stdin").start()) {
			py.awaitReady(TIMEOUT);
			assertThat(py.awaitLine("FAIL ", TIMEOUT)).isEqualTo("FAIL timeout Hello 0");
			assertThat(py.awaitExit(TIMEOUT)).isEqualTo(1);
			assertThat(this.rep.recvStr(ZMQ.DONTWAIT)).isNull();
		}
		assertThat(this.authentication.getAllowed()).isZero();
	}

	@Test
	void pyzmqPlainClientWithWrongPasswordIsDenied() {
		ZMQ.Socket plain = this.factory.withSecurity(ZmqSecurity.plainServer("users"))
			.create(SocketType.REP, List.of(ZmqEndpoint.bind("tcp://127.0.0.1:*")));
		try (PythonPeer py = PythonPeer.script("secure_req_client.py").option("connect", plain.getLastEndpoint())
				.option("username", "admin").option("password", "wrong").option("count", "1")
				.option("timeout-ms", CLIENT_TIMEOUT_MS).start()) {
			py.awaitReady(TIMEOUT);
			await().atMost(HANDSHAKE).until(() -> this.authentication.getDenied() >= 1);
			assertThat(plain.recvStr(ZMQ.DONTWAIT)).isNull();
			assertThat(py.lines()).noneMatch((line) -> line.startsWith("REPLY"));
		}
		assertThat(this.authentication.getAllowed()).isZero();
		assertThat(this.decisions).containsOnly("PLAIN:denied");
	}

	@Test
	void ourCurveTemplateIsServedByAPyzmqCurveServerThatOnlyACurveClientReaches() {
		try (PythonPeer py = PythonPeer.script("rep_server.py").option("bind", "tcp://127.0.0.1:*")
				.flag("curve-server").option("public-key", this.server.publicKey())
				.option("secret-key", this.server.secretKey()).option("prefix", "libzmq:").flag("ignore-stdin")
				.option("seconds", "60").start()) {
			String endpoint = py.awaitReady(TIMEOUT);
			ZmqTemplate curve = new ZmqTemplate(
					this.factory.withSecurity(ZmqSecurity.curveClient("to-python", this.alice.publicKeyBytes(),
							this.alice.secretKeyBytes(), this.server.publicKeyBytes())),
					ZmqMessageConverters.defaults(), HANDSHAKE, 2);
			ZmqTemplate wrongServerKey = new ZmqTemplate(
					this.factory.withSecurity(ZmqSecurity.curveClient("wrong-server", this.alice.publicKeyBytes(),
							this.alice.secretKeyBytes(), this.alice.publicKeyBytes())),
					ZmqMessageConverters.defaults(), Duration.ofMillis(500), 0);
			ZmqTemplate insecure = new ZmqTemplate(this.factory, ZmqMessageConverters.defaults(), Duration.ofMillis(500), 0);
			try {
				assertThat(curve.request(endpoint, "hello", String.class)).isEqualTo("libzmq:hello");
				assertThat(curve.request(endpoint, "again", String.class)).isEqualTo("libzmq:again");
				assertThatExceptionOfType(ZmqRequestTimeoutException.class)
					.isThrownBy(() -> wrongServerKey.request(endpoint, "spoofed", String.class));
				assertThatExceptionOfType(ZmqRequestTimeoutException.class)
					.isThrownBy(() -> insecure.request(endpoint, "plain text", String.class));
				assertThat(py.lines()).filteredOn((line) -> line.startsWith("RECV "))
					.containsExactly("RECV hello", "RECV again");
			}
			finally {
				curve.destroy();
				wrongServerKey.destroy();
				insecure.destroy();
			}
		}
	}

}
