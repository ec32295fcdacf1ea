package dev.zmqspring.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actuate.ZmqManagedComponents;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqBrokerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqSecurityAutoConfiguration;
import dev.zmqspring.lifecycle.ZmqManagedComponent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret of a security profile (RFC 26 CURVE secret key, RFC 24 PLAIN password and users'
 * passwords: the only {@code zmq.*} properties that hold one; every other {@code security} and
 * {@code peer-security} property names a profile) appears in a startup failure, its analysis, the
 * log, what health and the {@code zmq} endpoint show, or the {@code env} and {@code configprops}
 * endpoints even with {@code show-values: always}. Each case sets the secrets as a user would,
 * on the command line, and looks for them in everything printed.
 */
@ExtendWith(OutputCaptureExtension.class)
class ZmqSecretsNeverShownTests {

	private static final String PROFILES = "--zmq.security.profiles.";

	@TempDir
	Path keys;

	private final ZmqCertificate pair = ZmqCertificate.generate("pair");

	/** The secret key with its third character made invalid (a Z85 key never holds a tilde). */
	private String badCharacter() {
		return this.pair.secretKey().substring(0, 2) + "~" + this.pair.secretKey().substring(3);
	}

	@Test
	void anInlineSecretKeyWithABadCharacterIsHidden(CapturedOutput output) {
		String secret = badCharacter();
		failsWithout(output, List.of(secret, secret.substring(0, 8), "'~'"), "position 3",
				PROFILES + "x.mechanism=curve-server", PROFILES + "x.public-key=" + this.pair.publicKey(),
				PROFILES + "x.secret-key=" + secret, PROFILES + "x.allow-any-client-key=true");
	}

	@Test
	void anInlineSecretKeyOfTheWrongLengthIsHidden(CapturedOutput output) {
		String secret = this.pair.secretKey().substring(1);
		failsWithout(output, List.of(secret, secret.substring(0, 8)), "40 characters, not 39",
				PROFILES + "x.mechanism=curve-client", PROFILES + "x.public-key=" + this.pair.publicKey(),
				PROFILES + "x.secret-key=" + secret, PROFILES + "x.server-key=" + this.pair.publicKey());
	}

	@Test
	void aSecretKeyInACertificateFileWithABadCharacterIsHidden(CapturedOutput output) throws IOException {
		String secret = badCharacter();
		Path file = Files.writeString(this.keys.resolve("bad.key_secret"), "curve\n    public-key = \""
				+ this.pair.publicKey() + "\"\n    secret-key = \"" + secret + "\"\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		failsWithout(output, List.of(secret, secret.substring(0, 8), "'~'"), "position 3",
				PROFILES + "x.mechanism=curve-server", PROFILES + "x.certificate=" + file,
				PROFILES + "x.allow-any-client-key=true");
	}

	@Test
	void aPlainClientPasswordIsHiddenWhenItsProfileFails(CapturedOutput output) {
		failsWithout(output, List.of("pw-canary-4711"), "zmq.security.profiles.x.username",
				PROFILES + "x.mechanism=plain-client", PROFILES + "x.password=pw-canary-4711");
	}

	@Test
	void aPlainServerUsersPasswordIsHiddenWhenItsProfileFails(CapturedOutput output) {
		failsWithout(output, List.of("pw-canary-4712"), "zmq.security.profiles.x.allow",
				PROFILES + "x.mechanism=plain-server", PROFILES + "x.users.admin=pw-canary-4712",
				PROFILES + "x.allow=example.com");
	}

	@Test
	void noSecretShowsInTheLogHealthOrEndpointOfARunningApplication(CapturedOutput output) {
		ZmqCertificate client = ZmqCertificate.generate("client");
		String[] args = { "--spring.main.banner-mode=off", "--logging.level.dev.zmqspring=trace", "--zmq.linger=0",
				PROFILES + "server.mechanism=curve-server", PROFILES + "server.public-key=" + this.pair.publicKey(),
				PROFILES + "server.secret-key=" + this.pair.secretKey(), PROFILES + "server.allow-any-client-key=true",
				PROFILES + "client.mechanism=curve-client", PROFILES + "client.public-key=" + client.publicKey(),
				PROFILES + "client.secret-key=" + client.secretKey(), PROFILES + "client.server-key=" + this.pair.publicKey(),
				PROFILES + "users.mechanism=plain-server", PROFILES + "users.users.admin=pw-canary-4713",
				PROFILES + "login.mechanism=plain-client", PROFILES + "login.username=admin",
				PROFILES + "login.password=pw-canary-4713", "--zmq.template.security=login",
				"--zmq.brokers.lb.type=load-balancing", "--zmq.brokers.lb.frontend=tcp://127.0.0.1:*",
				"--zmq.brokers.lb.backend=tcp://127.0.0.1:*", "--zmq.brokers.lb.security=server" };
		StringBuilder shown = new StringBuilder();
		try (ConfigurableApplicationContext context = application(SecureApplication.class).run(args)) {
			for (ZmqManagedComponent component : context.getBeanProvider(ZmqManagedComponent.class)) {
				shown.append(ZmqManagedComponents.describe(component)).append('\n');
			}
			shown.append(context.getBean(ZmqSecurityProfiles.class)).append('\n');
			// the env endpoint with show-values: always
			EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(),
					context.getBeanProvider(SanitizingFunction.class).orderedStream().toList(), Show.ALWAYS);
			for (String key : List.of("server.secret-key", "client.secret-key", "users.users.admin", "login.password")) {
				assertThat(env.environmentEntry("zmq.security.profiles." + key).getProperty().getValue()).as(key)
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			}
			assertThat(env.environmentEntry("zmq.security.profiles.users.mechanism").getProperty().getValue())
				.isEqualTo("plain-server");
			assertThat(env.environmentEntry("zmq.security.profiles.server.public-key").getProperty().getValue())
				.isEqualTo(this.pair.publicKey());
			// the configprops endpoint with show-values: always
			ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(
					context.getBeanProvider(SanitizingFunction.class).orderedStream().toList(), Show.ALWAYS);
			configprops.setApplicationContext(context);
			StringBuilder report = new StringBuilder();
			configprops.configurationPropertiesWithPrefix("zmq.security")
				.getContexts()
				.values()
				.forEach((beans) -> beans.getBeans().values().forEach((bean) -> report.append(bean.getProperties())));
			assertThat(report).contains(this.pair.publicKey()).contains(SanitizableData.SANITIZED_VALUE);
			shown.append(report).append('\n');
		}
		assertThat(shown).contains("curve-server").contains("profiles=[server, users]");
		for (String secret : List.of(this.pair.secretKey(), client.secretKey(), "pw-canary-4713")) {
			assertThat(shown.toString()).as("health and endpoint details").doesNotContain(secret);
			assertThat(output.toString()).as("the log").doesNotContain(secret);
		}
	}

	private static void failsWithout(CapturedOutput output, List<String> secrets, String reason, String... properties) {
		List<String> args = new ArrayList<>(List.of(properties));
		args.add("--spring.main.banner-mode=off");
		Throwable failure = null;
		try (ConfigurableApplicationContext context = application(SecureApplication.class)
			.run(args.toArray(String[]::new))) {
			// started: the assertion below fails
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		assertThat(failure).as("startup failure").isNotNull();
		StringBuilder messages = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			messages.append(t).append('\n');
		}
		assertThat(output.toString()).contains("APPLICATION FAILED TO START").contains(reason);
		for (String secret : secrets) {
			assertThat(output.toString()).as("the startup failure's analysis and log").doesNotContain(secret);
			assertThat(messages.toString()).as("the exceptions").doesNotContain(secret);
		}
	}

	private static SpringApplication application(Class<?> source) {
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ZmqAutoConfiguration.class,
			ZmqSecurityAutoConfiguration.class, ZmqListenerAutoConfiguration.class, ZmqBrokerAutoConfiguration.class })
	static class SecureApplication {

		@ZmqWorker(id = "secure", endpoints = "tcp://127.0.0.1:*", security = "server")
		String work(String request) {
			return request;
		}

	}

}
