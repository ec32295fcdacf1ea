package dev.zmqspring.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actuate.ZmqAuthenticationMetrics;
import dev.zmqspring.actuate.ZmqManagedComponents;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqBrokerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqMajordomoAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqMetricsAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqProxyAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqSecurityAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.listener.ZmqListenerRegistry;
import dev.zmqspring.majordomo.MajordomoClient;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.test.PythonPeer;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static dev.zmqspring.security.SecurityTestSupport.failsNaming;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Security from properties (RFC 26 CURVE, RFC 24 PLAIN, RFC 27 ZAP) on the sockets the starter
 * creates: a CURVE REP worker served to the template and to a pyzmq client, denied keys and
 * passwords counted in {@code zmq.auth}, the Majordomo client, broker and service worker over CURVE,
 * a proxy with a CURVE frontend, health showing mechanisms but no key, and every misconfiguration
 * failing at startup naming its property.
 */
class ZmqSecurityAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	static Path keys;

	static ZmqCertificate server;

	static ZmqCertificate alice;

	static ZmqCertificate mallory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class, ZmqAutoConfiguration.class,
				ZmqSecurityAutoConfiguration.class, ZmqListenerAutoConfiguration.class, ZmqProxyAutoConfiguration.class,
				ZmqBrokerAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class, ZmqMetricsAutoConfiguration.class))
		.withPropertyValues("zmq.linger=0");

	@BeforeAll
	static void certificates() throws IOException {
		server = ZmqCertificate.generate("server");
		server.write(keys, "server");
		alice = ZmqCertificate.generate("alice");
		alice.write(keys, "alice");
		mallory = ZmqCertificate.generate("mallory");
		Path clients = Files.createDirectories(keys.resolve("clients"));
		alice.publicPart().write(clients, "alice");
	}

	private static String[] curveProfiles() {
		return new String[] { "zmq.security.profiles.server.mechanism=curve-server",
				"zmq.security.profiles.server.certificate=" + keys.resolve("server.key_secret"),
				"zmq.security.profiles.server.authorized-keys-directory=" + keys.resolve("clients"),
				"zmq.security.profiles.client.mechanism=curve-client",
				"zmq.security.profiles.client.certificate=" + keys.resolve("alice.key_secret"),
				"zmq.security.profiles.client.server-certificate=" + keys.resolve("server.key"),
				"zmq.security.profiles.users.mechanism=plain-server",
				"zmq.security.profiles.users.users.admin=s3cret" };
	}

	@Test
	void aCurveWorkerServesTheTemplateAndDeniesAnUnknownKeyCountingBoth() {
		this.runner.withUserConfiguration(SecureWorkers.class)
			.withPropertyValues(curveProfiles())
			.withPropertyValues("zmq.template.security=client")
			.run((context) -> {
				SimpleMeterRegistry meters = new SimpleMeterRegistry();
				context.getBean(ZmqAuthenticationMetrics.class).bindTo(meters);
				String endpoint = context.getBean(ZmqListenerRegistry.class).getEndpoints("curve").get(0);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				assertThat(template.request(endpoint, "hi", String.class)).isEqualTo("curve:hi");
				ZmqSocketFactory factory = context.getBean(ZmqSocketFactory.class);
				try (ZMQ.Socket intruder = factory
					.withSecurity(ZmqSecurity.curveClient("x", mallory.publicKeyBytes(), mallory.secretKeyBytes(),
							server.publicKeyBytes()))
					.create(SocketType.REQ, List.of(ZmqEndpoint.connect(endpoint)))) {
					intruder.send("let me in", ZMQ.DONTWAIT);
					await().atMost(WAIT).until(() -> context.getBean(ZmqAuthentication.class).getDenied() >= 1);
				}
				assertThat(meters.get("zmq.auth").tags("result", "denied", "profile", "server", "mechanism", "CURVE")
					.counter().count()).isEqualTo(1);
				assertThat(meters.get("zmq.auth").tags("result", "allowed", "profile", "server").counter().count())
					.isGreaterThanOrEqualTo(1);
				assertThat(context.getBean(SecureWorkers.class).calls).isEqualTo(1);
			});
	}

	@Test
	void healthShowsTheMechanismOfEveryComponentAndNeverAKey() {
		int backend = freePort();
		this.runner.withUserConfiguration(SecureWorkers.class)
			.withPropertyValues(curveProfiles())
			.withPropertyValues("zmq.proxies.edge.type=queue", "zmq.proxies.edge.frontend=tcp://127.0.0.1:*",
					"zmq.proxies.edge.backend=tcp://127.0.0.1:" + backend, "zmq.proxies.edge.frontend-security=server",
					"zmq.brokers.lb.type=load-balancing", "zmq.brokers.lb.frontend=tcp://127.0.0.1:*",
					"zmq.brokers.lb.backend=tcp://127.0.0.1:*", "zmq.brokers.lb.security=server")
			.run((context) -> {
				Map<String, Object> listener = ZmqManagedComponents
					.describe(context.getBean(ZmqListenerRegistry.class).getListenerContainer("curve"));
				assertThat(listener).containsEntry("security", Map.of("profile", "server", "mechanism", "curve-server"));
				Map<String, Object> proxy = ZmqManagedComponents.describe(context.getBean(ZmqProxy.class));
				assertThat(proxy.get("security")).isEqualTo(Map.of("frontend",
						Map.of("profile", "server", "mechanism", "curve-server"), "backend",
						Map.of("profile", "none", "mechanism", "null")));
				Map<String, Object> broker = ZmqManagedComponents.describe(context.getBean("zmqBroker.lb",
						ZmqManagedComponent.class));
				assertThat(broker).containsEntry("security", Map.of("profile", "server", "mechanism", "curve-server"));
				Map<String, Object> zap = ZmqManagedComponents.describe(context.getBean(ZmqAuthentication.class));
				assertThat(zap).containsEntry("state", "RUNNING").containsEntry("profiles", List.of("server", "users"));
				String all = listener + " " + proxy + " " + broker + " " + zap;
				for (ZmqCertificate certificate : List.of(server, alice)) {
					assertThat(all).doesNotContain(certificate.publicKey()).doesNotContain(certificate.secretKey());
				}
			});
	}

	@Test
	void theMajordomoClientBrokerAndServiceWorkerTalkOverCurve() {
		String broker = "tcp://127.0.0.1:" + freePort();
		this.runner.withUserConfiguration(EchoService.class)
			.withPropertyValues(curveProfiles())
			.withPropertyValues("zmq.brokers.mdp.type=majordomo", "zmq.brokers.mdp.endpoint=" + broker.replace("tcp://", "@tcp://"),
					"zmq.brokers.mdp.security=server", "zmq.majordomo.endpoint=" + broker,
					"zmq.majordomo.security=client")
			.run((context) -> {
				MajordomoClient client = context.getBean(MajordomoClient.class);
				await().atMost(WAIT).untilAsserted(() -> assertThat(client.request("echo", "mdp", String.class))
					.isEqualTo("echo:mdp"));
				assertThat(context.getBean(ZmqAuthentication.class).getDenied()).isZero();
				assertThat(context.getBean(ZmqAuthentication.class).getAllowed()).isGreaterThanOrEqualTo(2);
			});
	}

	@Test
	void aProxyWithACurveFrontendServesTemplateClientsOfAPlainBackendWorker() {
		int backend = freePort();
		this.runner.withUserConfiguration(BackendWorker.class)
			.withPropertyValues(curveProfiles())
			.withPropertyValues("zmq.template.security=client", "zmq.proxies.edge.type=queue",
					"zmq.proxies.edge.frontend=tcp://127.0.0.1:*", "zmq.proxies.edge.backend=tcp://127.0.0.1:" + backend,
					"zmq.proxies.edge.frontend-security=server", "backend.endpoint=tcp://127.0.0.1:" + backend)
			.run((context) -> {
				String frontend = context.getBean(ZmqProxy.class).getEndpoints().get(0);
				assertThat(context.getBean(ZmqTemplate.class).request(frontend, "via proxy", String.class))
					.isEqualTo("backend:via proxy");
			});
	}

	@Test
	void pyzmqClientsAreServedWithAnAuthorizedKeyAndDeniedOtherwise() {
		PythonPeer.assumeCurveAvailable();
		this.runner.withUserConfiguration(SecureWorkers.class).withPropertyValues(curveProfiles()).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			String curve = registry.getEndpoints("curve").get(0);
			String plain = registry.getEndpoints("plain").get(0);
			ZmqAuthentication authentication = context.getBean(ZmqAuthentication.class);
			try (PythonPeer client = PythonPeer.script("secure_req_client.py").option("connect", curve)
					.option("server-key", server.publicKey()).option("public-key", alice.publicKey())
					.option("secret-key", alice.secretKey()).option("text", "libzmq").option("timeout-ms", "60000")
					.option("seconds", "60").start()) {
				assertThat(client.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY curve:libzmq 0");
			}
			try (PythonPeer client = PythonPeer.script("secure_req_client.py").option("connect", plain)
					.option("username", "admin").option("password", "s3cret").option("timeout-ms", "60000")
					.option("seconds", "60").start()) {
				assertThat(client.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY plain:Hello 0");
			}
			long served = context.getBean(SecureWorkers.class).calls;
			deniedBy(authentication, 1, PythonPeer.script("secure_req_client.py").option("connect", curve)
					.option("server-key", server.publicKey()).option("timeout-ms", "60000").option("seconds", "60"));
			deniedBy(authentication, 2, PythonPeer.script("secure_req_client.py").option("connect", plain)
					.option("username", "admin").option("password", "guess").option("timeout-ms", "60000")
					.option("seconds", "60"));
			// a NULL client meets a CURVE server: the handshake fails before ZAP, so nothing is counted there
			try (PythonPeer client = PythonPeer.script("secure_req_client.py").option("connect", curve)
					.option("timeout-ms", "60000").option("seconds", "60").start()) {
				client.awaitReady(WAIT);
				await().atMost(WAIT)
					.until(() -> registry.getListenerContainer("curve").getCounters().getConnectionsRejected() >= 1
							|| registry.getListenerContainer("curve").getCounters().getConnectionsDisconnected() >= 1);
			}
			assertThat(context.getBean(SecureWorkers.class).calls).isEqualTo(served);
		});
	}

	@Test
	void pyzmqClientsReachTheMajordomoBrokerAndTheProxyWithAnAuthorizedKeyOnly() {
		PythonPeer.assumeCurveAvailable();
		String broker = "tcp://127.0.0.1:" + freePort();
		int backend = freePort();
		this.runner.withUserConfiguration(EchoService.class, BackendWorker.class)
			.withPropertyValues(curveProfiles())
			.withPropertyValues("zmq.brokers.mdp.type=majordomo", "zmq.brokers.mdp.endpoint=" + broker.replace("tcp://", "@tcp://"),
					"zmq.brokers.mdp.security=server", "zmq.majordomo.endpoint=" + broker, "zmq.majordomo.security=client",
					"zmq.proxies.edge.type=queue", "zmq.proxies.edge.frontend=tcp://127.0.0.1:*",
					"zmq.proxies.edge.backend=tcp://127.0.0.1:" + backend, "zmq.proxies.edge.frontend-security=server",
					"backend.endpoint=tcp://127.0.0.1:" + backend)
			.run((context) -> {
				ZmqAuthentication authentication = context.getBean(ZmqAuthentication.class);
				String frontend = context.getBean(ZmqProxy.class).getEndpoints().get(0);
				try (PythonPeer client = PythonPeer.script("mdp_client.py").option("connect", broker)
						.option("service", "echo").option("count", "1").option("text", "libzmq")
						.option("timeout-ms", "10000").option("retries", "3").option("server-key", server.publicKey())
						.option("public-key", alice.publicKey()).option("secret-key", alice.secretKey())
						.option("seconds", "60").start()) {
					assertThat(client.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY echo:libzmq 0");
				}
				try (PythonPeer client = PythonPeer.script("secure_req_client.py").option("connect", frontend)
						.option("server-key", server.publicKey()).option("public-key", alice.publicKey())
						.option("secret-key", alice.secretKey()).option("text", "libzmq").option("timeout-ms", "60000")
						.option("seconds", "60").start()) {
					assertThat(client.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY backend:libzmq 0");
				}
				long denied = authentication.getDenied();
				long crossed = context.getBean(ZmqProxy.class).getCounters().getMessagesIn();
				try (PythonPeer intruder = PythonPeer.script("mdp_client.py").option("connect", broker)
						.option("service", "echo").option("count", "1").option("timeout-ms", "60000")
						.option("retries", "1").option("server-key", server.publicKey())
						.option("public-key", mallory.publicKey()).option("secret-key", mallory.secretKey())
						.option("seconds", "60").start()) {
					intruder.awaitReady(WAIT);
					await().atMost(WAIT).until(() -> authentication.getDenied() >= denied + 1);
					assertThat(intruder.lines()).noneMatch((line) -> line.startsWith("REPLY"));
				}
				deniedBy(authentication, denied + 2, PythonPeer.script("secure_req_client.py")
						.option("connect", frontend).option("server-key", server.publicKey()).option("timeout-ms", "60000")
						.option("seconds", "60"));
				assertThat(context.getBean(ZmqProxy.class).getCounters().getMessagesIn())
					.as("nothing of the intruder crossed the proxy")
					.isEqualTo(crossed);
			});
	}

	private static void deniedBy(ZmqAuthentication authentication, long denied, PythonPeer.Command command) {
		try (PythonPeer client = command.start()) {
			client.awaitReady(WAIT);
			await().atMost(WAIT).until(() -> authentication.getDenied() >= denied);
		}
	}

	@Test
	void misconfigurationFailsAtStartupNamingTheProperty() throws IOException {
		failsNaming(this.runner, "zmq.security.profiles.server.public-key", "zmq.security.profiles.server.mechanism=curve-server",
				"zmq.security.profiles.server.public-key=not-a-key", "zmq.security.profiles.server.secret-key=x",
				"zmq.security.profiles.server.allow-any-client-key=true");
		failsNaming(this.runner, "does not exist", "zmq.security.profiles.server.mechanism=curve-server",
				"zmq.security.profiles.server.certificate=" + keys.resolve("missing.key_secret"),
				"zmq.security.profiles.server.allow-any-client-key=true");
		failsNaming(this.runner, "zmq.security.profiles.c.server-key", "zmq.security.profiles.c.mechanism=curve-client");
		failsNaming(this.runner, "zmq.security.profiles.s.mechanism", "zmq.security.profiles.s.allow=10.0.0.1");
		failsNaming(this.runner, "lets no client in", "zmq.security.profiles.server.mechanism=curve-server",
				"zmq.security.profiles.server.certificate=" + keys.resolve("server.key_secret"));
		failsNaming(this.runner, "zmq.template.security", "zmq.template.security=nope");
		failsNaming(this.runner, "zmq.security.profiles.server.allow", "zmq.security.profiles.server.mechanism=null",
				"zmq.security.profiles.server.allow=example.com");
		Path open = Files.copy(keys.resolve("server.key_secret"), keys.resolve("open.key_secret"));
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
		String[] readable = { "zmq.security.profiles.server.mechanism=curve-server",
				"zmq.security.profiles.server.certificate=" + open, "zmq.security.profiles.server.allow-any-client-key=true" };
		failsNaming(this.runner, "can be read by its group or others", readable);
		this.runner.withPropertyValues(readable)
			.withPropertyValues("zmq.security.secret-file-permissions=warn")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withUserConfiguration(UnknownProfileWorker.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("UnknownProfileWorker.work")
				.hasMessageContaining("no security profile 'missing'"));
	}

	@Configuration(proxyBeanMethods = false)
	static class SecureWorkers {

		volatile long calls;

		@ZmqWorker(id = "curve", endpoints = "tcp://127.0.0.1:*", security = "server")
		String curve(String request) {
			this.calls++;
			return "curve:" + request;
		}

		@ZmqWorker(id = "plain", endpoints = "tcp://127.0.0.1:*", security = "users")
		String plain(String request) {
			this.calls++;
			return "plain:" + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoService {

		@ZmqWorker(service = "echo")
		String echo(String request) {
			return "echo:" + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BackendWorker {

		@ZmqWorker(endpoints = ">${backend.endpoint}")
		String work(String request) {
			return "backend:" + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownProfileWorker {

		@ZmqWorker(endpoints = "tcp://127.0.0.1:*", security = "missing")
		String work(String request) {
			return request;
		}

	}

}
