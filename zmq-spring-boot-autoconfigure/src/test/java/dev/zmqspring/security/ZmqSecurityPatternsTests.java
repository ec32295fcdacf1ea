package dev.zmqspring.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actuate.ZmqFreelanceHealthIndicator;
import dev.zmqspring.actuate.ZmqManagedComponents;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqBinaryStarAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqBrokerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqCloneAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqFreelanceAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqSecurityAutoConfiguration;
import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.binarystar.BinaryStarState;
import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.clone.ZmqCloneMap;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.freelance.FreelanceClient;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static dev.zmqspring.test.ZmqTestPorts.freePorts;
import static dev.zmqspring.security.SecurityTestSupport.failsNaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Security on the sockets of the later patterns: a Freelance client of a CURVE Freelance server
 * (Guide ch.4), a Clone server and map over CURVE (Guide ch.5), a Binary Star pair whose state
 * publishers authenticate each other (Guide ch.4) and two peered brokers routing through the cloud
 * (Guide ch.3); an unknown key is denied, counted and served nothing, health shows the mechanisms,
 * and a missing or unknown profile fails at startup naming its property.
 */
class ZmqSecurityPatternsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	static Path keys;

	static ZmqCertificate alice;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class, ZmqAutoConfiguration.class,
				ZmqSecurityAutoConfiguration.class, ZmqListenerAutoConfiguration.class,
				ZmqFreelanceAutoConfiguration.class, ZmqBinaryStarAutoConfiguration.class, ZmqCloneAutoConfiguration.class))
		.withPropertyValues("zmq.linger=0", "zmq.security.profiles.server.mechanism=curve-server",
				"zmq.security.profiles.server.certificate=" + keys.resolve("server.key_secret"),
				"zmq.security.profiles.server.authorized-keys-directory=" + keys.resolve("clients"),
				"zmq.security.profiles.client.mechanism=curve-client",
				"zmq.security.profiles.client.certificate=" + keys.resolve("alice.key_secret"),
				"zmq.security.profiles.client.server-certificate=" + keys.resolve("server.key"),
				"zmq.security.profiles.intruder.mechanism=curve-client",
				"zmq.security.profiles.intruder.certificate=" + keys.resolve("mallory.key_secret"),
				"zmq.security.profiles.intruder.server-certificate=" + keys.resolve("server.key"));

	@BeforeAll
	static void certificates() throws IOException {
		ZmqCertificate.generate("server").write(keys, "server");
		alice = ZmqCertificate.generate("alice");
		alice.write(keys, "alice");
		ZmqCertificate.generate("mallory").write(keys, "mallory");
		alice.publicPart().write(Files.createDirectories(keys.resolve("clients")), "alice");
	}

	@Test
	void aFreelanceClientIsServedByACurveServerAndAnUnknownKeyIsDenied() {
		int port = freePort();
		String server = "tcp://127.0.0.1:" + port;
		this.runner.withUserConfiguration(NameServer.class)
			.withPropertyValues("fl.endpoint=" + server, "zmq.freelance.clients.names.servers=" + server,
					"zmq.freelance.clients.names.security=client", "zmq.freelance.clients.names.request-timeout=2s",
					"zmq.freelance.clients.spy.servers=" + server, "zmq.freelance.clients.spy.strategy=sequential",
					"zmq.freelance.clients.spy.security=intruder", "zmq.freelance.clients.spy.request-timeout=300ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				FreelanceClient names = context.getBean("freelanceClient.names", FreelanceClient.class);
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(names.request("zmq.guide", String.class)).isEqualTo("resolved:zmq.guide"));
				ZmqAuthentication authentication = context.getBean(ZmqAuthentication.class);
				long allowed = authentication.getAllowed();
				int served = context.getBean(Resolver.class).calls;
				FreelanceClient spy = context.getBean("freelanceClient.spy", FreelanceClient.class);
				assertThatExceptionOfType(ZmqRequestTimeoutException.class)
					.isThrownBy(() -> spy.request("zmq.guide", String.class));
				await().atMost(WAIT).until(() -> authentication.getDenied() >= 1);
				assertThat(authentication.getAllowed()).isEqualTo(allowed);
				assertThat(context.getBean(Resolver.class).calls).isEqualTo(served);
				Map<String, Object> health = context.getBean(ZmqFreelanceHealthIndicator.class).health().getDetails();
				assertThat(health.get("names").toString()).contains("curve-client")
					.doesNotContain(alice.publicKey())
					.doesNotContain(alice.secretKey());
			});
	}

	@Test
	void aCloneMapReceivesTheSnapshotAndUpdatesOfACurveServerAndAnUnknownKeyGetsNothing() {
		int port = freePorts(3);
		String server = "tcp://127.0.0.1:" + port;
		this.runner
			.withPropertyValues("zmq.clone.servers.config.bind=" + server, "zmq.clone.servers.config.security=server",
					"zmq.clone.servers.config.heartbeat=100ms", "zmq.clone.clients.settings.servers=" + server,
					"zmq.clone.clients.settings.security=client", "zmq.clone.clients.stolen.servers=" + server,
					"zmq.clone.clients.stolen.security=intruder")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ZmqCloneMap<?> settings = context.getBean("zmqCloneMap.settings", ZmqCloneMap.class);
				ZmqCloneMap<?> stolen = context.getBean("zmqCloneMap.stolen", ZmqCloneMap.class);
				@SuppressWarnings("unchecked")
				ZmqCloneMap<String> map = (ZmqCloneMap<String>) settings;
				assertThat(map.awaitSnapshot(WAIT)).isTrue();
				map.set("/app/colour", "blue");
				await().atMost(WAIT).until(() -> "blue".equals(map.get("/app/colour")));
				await().atMost(WAIT).until(() -> context.getBean(ZmqAuthentication.class).getDenied() >= 1);
				assertThat(stolen.awaitSnapshot(Duration.ofMillis(200))).isFalse();
				assertThat(stolen.asMap()).isEmpty();
				CloneServer cloneServer = context.getBean(CloneServer.class);
				assertThat(cloneServer.getSecurity())
					.isEqualTo(Map.of("bound", Map.of("profile", "server", "mechanism", "curve-server")));
				assertThat(ZmqManagedComponents.describe(settings)).containsEntry("security",
						Map.of("profile", "client", "mechanism", "curve-client"));
			});
	}

	@Test
	void aBinaryStarPairOverCurveElectsOneActivePeerAndAnUnknownPeerKeyIsNeverHeard() {
		int primaryState = freePort();
		int backupState = freePort();
		this.runner.withPropertyValues(pair("primary", primaryState, backupState, "client")).run((primary) -> {
			assertThat(primary).hasNotFailed();
			BinaryStar primaryPair = primary.getBean(BinaryStar.class);
			this.runner.withPropertyValues(pair("backup", backupState, primaryState, "client")).run((backup) -> {
				BinaryStar backupPair = backup.getBean(BinaryStar.class);
				await().atMost(WAIT)
					.until(() -> primaryPair.getPairState() == BinaryStarState.ACTIVE
							&& backupPair.getPairState() == BinaryStarState.PASSIVE);
				assertThat(backupPair.getSecurity()).isEqualTo(
						Map.of("local", Map.of("profile", "server", "mechanism", "curve-server"), "peer",
								Map.of("profile", "client", "mechanism", "curve-client")));
				assertThat(primary.getBean(ZmqAuthentication.class).getDenied()).isZero();
			});
		});
		// a backup with a key the primary does not know: denied there, so it never hears the primary
		this.runner.withPropertyValues(pair("primary", primaryState, backupState, "client")).run((primary) -> {
			this.runner.withPropertyValues(pair("backup", backupState, primaryState, "intruder")).run((backup) -> {
				await().atMost(WAIT).until(() -> primary.getBean(ZmqAuthentication.class).getDenied() >= 1);
				assertThat(backup.getBean(BinaryStar.class).getPairState()).isEqualTo(BinaryStarState.BACKUP);
			});
		});
	}

	@Test
	void peeredBrokersOverCurveRouteAClientOfOneToAWorkerOfTheOther() {
		int aBackend = freePort();
		int bFrontend = freePort();
		this.runner.withUserConfiguration(BrokerWorker.class)
			.withConfiguration(AutoConfigurations.of(ZmqBrokerAutoConfiguration.class))
			.withPropertyValues(peered("a", "b", freePort(), freePort(), freePort(), freePort()))
			.withPropertyValues("zmq.brokers.a.backend=@tcp://127.0.0.1:" + aBackend,
					"zmq.brokers.b.frontend=@tcp://127.0.0.1:" + bFrontend, "lb.backend=tcp://127.0.0.1:" + aBackend,
					"zmq.template.security=client")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ZmqBroker a = context.getBean("zmqBroker.a", ZmqBroker.class);
				ZmqBroker b = context.getBean("zmqBroker.b", ZmqBroker.class);
				await().atMost(WAIT).until(() -> b.getPeers().getOrDefault("a", 0) > 0 && a.getPeers().containsKey("b"));
				String reply = context.getBean(ZmqTemplate.class)
					.request("tcp://127.0.0.1:" + bFrontend, "via the cloud", String.class);
				assertThat(reply).isEqualTo("worker of a:via the cloud");
				assertThat(b.getSecurity()).isEqualTo(Map.of("bound", Map.of("profile", "server", "mechanism",
						"curve-server"), "peers", Map.of("profile", "client", "mechanism", "curve-client")));
				assertThat(context.getBean(ZmqAuthentication.class).getDenied()).isZero();
			});
	}

	/**
	 * Two load-balancing brokers {@code first} and {@code second} peered both ways (Guide ch.3
	 * peering), each binding with the server profile and connecting to the other with the client
	 * profile. The ports are those of first's state and cloud endpoints, then second's.
	 */
	private static String[] peered(String first, String second, int firstState, int firstCloud, int secondState,
			int secondCloud) {
		List<String> properties = new ArrayList<>();
		for (String name : List.of(first, second)) {
			boolean isFirst = name.equals(first);
			String peer = isFirst ? second : first;
			String prefix = "zmq.brokers." + name;
			properties.addAll(List.of(prefix + ".type=load-balancing", prefix + ".frontend=@tcp://127.0.0.1:*",
					prefix + ".backend=@tcp://127.0.0.1:*", prefix + ".security=server", prefix + ".peer-security=client",
					prefix + ".state-interval=100ms",
					prefix + ".state-endpoint=@tcp://127.0.0.1:" + (isFirst ? firstState : secondState),
					prefix + ".cloud-endpoint=@tcp://127.0.0.1:" + (isFirst ? firstCloud : secondCloud),
					prefix + ".peers." + peer + ".state=tcp://127.0.0.1:" + (isFirst ? secondState : firstState),
					prefix + ".peers." + peer + ".cloud=tcp://127.0.0.1:" + (isFirst ? secondCloud : firstCloud)));
		}
		return properties.toArray(String[]::new);
	}

	private static String[] pair(String role, int local, int remote, String peerSecurity) {
		return new String[] { "zmq.binary-star.role=" + role, "zmq.binary-star.local=tcp://127.0.0.1:" + local,
				"zmq.binary-star.remote=tcp://127.0.0.1:" + remote, "zmq.binary-star.heartbeat=200ms",
				"zmq.binary-star.security=server", "zmq.binary-star.peer-security=" + peerSecurity };
	}

	@Test
	void aMissingOrUnknownProfileFailsAtStartupNamingTheProperty() {
		failsNaming(this.runner, "zmq.binary-star.peer-security", "zmq.binary-star.role=primary",
				"zmq.binary-star.local=tcp://127.0.0.1:5003", "zmq.binary-star.remote=tcp://127.0.0.1:5004",
				"zmq.binary-star.security=server");
		failsNaming(this.runner, "zmq.binary-star.security", "zmq.binary-star.role=primary",
				"zmq.binary-star.local=tcp://127.0.0.1:5003", "zmq.binary-star.remote=tcp://127.0.0.1:5004",
				"zmq.binary-star.security=nope", "zmq.binary-star.peer-security=client");
		failsNaming(this.runner, "zmq.freelance.clients.a.security", "zmq.freelance.clients.a.servers=tcp://127.0.0.1:5555",
				"zmq.freelance.clients.a.security=nope");
		failsNaming(this.runner, "zmq.clone.clients.c.security", "zmq.clone.clients.c.servers=tcp://127.0.0.1:5556",
				"zmq.clone.clients.c.security=nope");
		failsNaming(this.runner, "zmq.clone.servers.s.security", "zmq.clone.servers.s.bind=tcp://127.0.0.1:5556",
				"zmq.clone.servers.s.security=nope");
		failsNaming(this.runner.withConfiguration(AutoConfigurations.of(ZmqBrokerAutoConfiguration.class)),
				"zmq.brokers.a.peer-security", "zmq.brokers.a.type=load-balancing",
				"zmq.brokers.a.frontend=@tcp://127.0.0.1:*", "zmq.brokers.a.backend=@tcp://127.0.0.1:*",
				"zmq.brokers.a.security=server", "zmq.brokers.a.state-endpoint=@tcp://127.0.0.1:*",
				"zmq.brokers.a.cloud-endpoint=@tcp://127.0.0.1:*", "zmq.brokers.a.peers.b.state=tcp://127.0.0.1:5961",
				"zmq.brokers.a.peers.b.cloud=tcp://127.0.0.1:5962");
		failsNaming(this.runner, "zmq.clone.servers.s.peer-security", "zmq.clone.servers.s.bind=tcp://127.0.0.1:5556",
				"zmq.clone.servers.s.security=server", "zmq.clone.servers.s.binary-star=true",
				"zmq.clone.servers.s.peer=tcp://127.0.0.1:5566", "zmq.binary-star.role=primary",
				"zmq.binary-star.local=tcp://127.0.0.1:5003", "zmq.binary-star.remote=tcp://127.0.0.1:5004");
	}

	@Configuration(proxyBeanMethods = false)
	static class NameServer {

		@Bean
		Resolver resolver() {
			return new Resolver();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BrokerWorker {

		@ZmqWorker(protocol = "load-balancing", endpoints = ">${lb.backend}", security = "client")
		String work(String request) {
			return "worker of a:" + request;
		}

	}

	static class Resolver {

		volatile int calls;

		@ZmqWorker(protocol = "freelance", endpoints = "${fl.endpoint}", security = "server")
		String resolve(String name) {
			this.calls++;
			return "resolved:" + name;
		}

	}

}
