package dev.zmqspring.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSecurityMechanism;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

/**
 * JeroMQ to JeroMQ through the {@link ZmqAuthentication} ZAP handler (RFC 27): CURVE keys from a
 * list and from a directory that changes, PLAIN passwords, address rules, unknown domains.
 */
class ZmqAuthenticationTests {

	private final ZContext context = new ZContext();

	private final ZmqSocketFactory factory = new ZmqSocketFactory(this.context,
			ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));

	private final ZmqCertificate server = ZmqCertificate.generate("server");

	private final ZmqCertificate alice = ZmqCertificate.generate("alice");

	private final ZmqCertificate mallory = ZmqCertificate.generate("mallory");

	private final List<String> decisions = new CopyOnWriteArrayList<>();

	private ZmqAuthentication authentication;

	@AfterEach
	void close() {
		if (this.authentication != null) {
			this.authentication.close();
		}
		this.context.close();
	}

	private void start(ZmqAccessPolicy... policies) {
		this.authentication = new ZmqAuthentication(this.factory, List.of(policies), Duration.ofSeconds(5));
		this.authentication.addListener((request, decision) -> this.decisions
			.add(request.domain() + ":" + request.mechanism() + ":" + decision.result() + ":" + decision.userId()));
		this.authentication.start();
	}

	private ZmqSecurity curveServer() {
		return ZmqSecurity.curveServer("internal", this.server.publicKeyBytes(), this.server.secretKeyBytes());
	}

	private ZmqSecurity curveClient(ZmqCertificate client) {
		return ZmqSecurity.curveClient("to-internal", client.publicKeyBytes(), client.secretKeyBytes(),
				this.server.publicKeyBytes());
	}

	private ZMQ.Socket bind(ZmqSecurity security) {
		return this.factory.withSecurity(security).create(SocketType.REP, List.of(ZmqEndpoint.bind("tcp://127.0.0.1:*")));
	}

	private ZMQ.Socket connect(ZmqSecurity security, ZMQ.Socket server) {
		ZMQ.Socket client = this.factory.withSecurity(security).create(SocketType.REQ);
		client.setReceiveTimeOut(100);
		client.connect(server.getLastEndpoint());
		return client;
	}

	/** Sends from the client and answers on the server, both on this thread. */
	private static String roundTrip(ZMQ.Socket client, ZMQ.Socket server) {
		client.send("ping");
		server.setReceiveTimeOut(5000);
		String request = server.recvStr();
		server.send(request + "-pong");
		client.setReceiveTimeOut(5000);
		return client.recvStr();
	}

	@Test
	void aCurveClientWithAnAuthorizedKeyIsServedAndAnUnknownKeyIsDenied() {
		start(ZmqAccessPolicy.builder("internal", ZmqSecurityMechanism.CURVE_SERVER)
			.keys(List.of(this.alice.publicKey()))
			.build());
		ZMQ.Socket server = bind(curveServer());
		ZMQ.Socket good = connect(curveClient(this.alice), server);
		assertThat(roundTrip(good, server)).isEqualTo("ping-pong");
		ZMQ.Socket bad = connect(curveClient(this.mallory), server);
		bad.send("intrusion", ZMQ.DONTWAIT);
		await().until(() -> this.authentication.getDenied() >= 1);
		assertThat(server.recvStr(ZMQ.DONTWAIT)).isNull();
		assertThat(this.decisions).contains("internal:CURVE:allowed:" + this.alice.publicKey(),
				"internal:CURVE:denied:");
	}

	@Test
	void keysAddedToTheCertificateDirectoryAreAuthorizedWithoutARestart(@TempDir Path directory) throws Exception {
		start(ZmqAccessPolicy.builder("internal", ZmqSecurityMechanism.CURVE_SERVER)
			.directory(new ZmqCertificateDirectory(directory, System::currentTimeMillis))
			.build());
		ZMQ.Socket server = bind(curveServer());
		ZMQ.Socket early = connect(curveClient(this.alice), server);
		early.send("too early", ZMQ.DONTWAIT);
		await().until(() -> this.authentication.getDenied() >= 1);
		early.close();
		this.alice.publicPart().write(directory, "alice");
		await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> {
			ZMQ.Socket client = connect(curveClient(this.alice), server);
			try {
				client.send("ping");
				server.setReceiveTimeOut(1500);
				String request = server.recvStr();
				if (request == null) {
					return false;
				}
				server.send("pong");
				client.setReceiveTimeOut(5000);
				return "pong".equals(client.recvStr());
			}
			finally {
				client.close();
			}
		});
		assertThat(this.decisions).anyMatch((decision) -> decision.equals("internal:CURVE:allowed:alice"));
	}

	@Test
	void plainCredentialsAreCheckedAndAWrongPasswordIsDenied() {
		start(ZmqAccessPolicy.builder("users", ZmqSecurityMechanism.PLAIN_SERVER)
			.users(Map.of("admin", "s3cret"))
			.build());
		ZMQ.Socket server = bind(ZmqSecurity.plainServer("users"));
		ZMQ.Socket good = connect(ZmqSecurity.plainClient("c", "admin", "s3cret"), server);
		assertThat(roundTrip(good, server)).isEqualTo("ping-pong");
		ZMQ.Socket bad = connect(ZmqSecurity.plainClient("c", "admin", "guess"), server);
		bad.send("intrusion", ZMQ.DONTWAIT);
		await().until(() -> this.authentication.getDenied() >= 1);
		assertThat(server.recvStr(ZMQ.DONTWAIT)).isNull();
		assertThat(this.decisions).containsExactly("users:PLAIN:allowed:admin", "users:PLAIN:denied:");
	}

	@Test
	void anApplicationAuthenticatorDecidesWhatThePropertiesDoNotAllow() {
		start(ZmqAccessPolicy.builder("users", ZmqSecurityMechanism.PLAIN_SERVER)
			.authenticator((request) -> "bob".equals(request.username()) ? ZapDecision.allow("bob")
					: ZapDecision.deny("not bob"))
			.build());
		ZMQ.Socket server = bind(ZmqSecurity.plainServer("users"));
		assertThat(roundTrip(connect(ZmqSecurity.plainClient("c", "bob", "any"), server), server)).isEqualTo("ping-pong");
		connect(ZmqSecurity.plainClient("c", "eve", "any"), server).send("x", ZMQ.DONTWAIT);
		await().until(() -> this.authentication.getDenied() >= 1);
		assertThat(this.decisions).containsExactly("users:PLAIN:allowed:bob", "users:PLAIN:denied:");
	}

	@Test
	void anAddressRuleTurnsAwayANullPeer() {
		start(ZmqAccessPolicy.builder("lan", ZmqSecurityMechanism.NULL)
			.allow(ZmqAddressList.of(List.of("10.0.0.0/8"), "allow"))
			.build());
		ZMQ.Socket server = bind(ZmqSecurity.nullMechanism("lan", true));
		ZMQ.Socket client = connect(ZmqSecurity.NONE, server);
		client.send("x", ZMQ.DONTWAIT);
		await().until(() -> this.authentication.getDenied() >= 1);
		assertThat(server.recvStr(ZMQ.DONTWAIT)).isNull();
		assertThat(this.decisions).containsExactly("lan:NULL:denied:");
	}

	@Test
	void aServerSocketOfAnUnknownProfileLetsNobodyIn() {
		start(ZmqAccessPolicy.builder("users", ZmqSecurityMechanism.PLAIN_SERVER).users(Map.of("a", "b")).build());
		ZMQ.Socket server = bind(ZmqSecurity.plainServer("elsewhere"));
		connect(ZmqSecurity.plainClient("c", "a", "b"), server).send("x", ZMQ.DONTWAIT);
		await().until(() -> this.authentication.getDenied() >= 1);
		assertThat(server.recvStr(ZMQ.DONTWAIT)).isNull();
	}

	@Test
	void aSecondHandlerOnTheSameContextFailsNamingTheEndpointAndTheFirstCannotBeStopped() {
		start(ZmqAccessPolicy.builder("users", ZmqSecurityMechanism.PLAIN_SERVER).users(Map.of("a", "b")).build());
		ZmqAuthentication second = new ZmqAuthentication(this.factory, List.of(), Duration.ofSeconds(5));
		assertThatThrownBy(second::start).isInstanceOf(ZmqSecurityException.class)
			.hasMessageContaining(ZmqAuthentication.ENDPOINT);
		assertThatThrownBy(this.authentication::stop).isInstanceOf(UnsupportedOperationException.class);
		assertThat(this.authentication.getDetails()).containsEntry("profiles", List.of("users"));
	}

	@Test
	void secretKeyFilesAreWrittenForTheOwnerOnly(@TempDir Path directory) throws Exception {
		List<Path> files = this.alice.write(directory, "alice");
		assertThat(ZmqCertificate.isReadableByOthers(files.get(1))).isFalse();
		assertThat(Files.readString(files.get(1))).contains("secret-key");
		assertThat(Files.readString(files.get(0))).doesNotContain("secret-key");
	}

}
