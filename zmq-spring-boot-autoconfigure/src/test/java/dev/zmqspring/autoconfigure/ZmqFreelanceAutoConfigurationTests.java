package dev.zmqspring.autoconfigure;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actuate.ZmqFreelanceHealthIndicator;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.freelance.FreelanceStrategy;
import dev.zmqspring.freelance.FreelanceWorkerProtocol;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;

class ZmqFreelanceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class,
				ZmqFreelanceAutoConfiguration.class))
		// a JeroMQ handshake stall (docs/jeromq.md) must end within a router client's attempts of 500 ms
		.withPropertyValues("zmq.linger=0", "zmq.handshake-interval=300ms");

	@Test
	void aClientPerPropertyEntryAndTheWorkerProtocolServeEachOther() {
		int port = freePort();
		this.runner.withUserConfiguration(NameServer.class)
			.withPropertyValues("fl.endpoint=tcp://127.0.0.1:" + port,
					"zmq.freelance.clients.names.servers=tcp://127.0.0.1:" + port,
					"zmq.freelance.clients.names.request-timeout=500ms",
					"zmq.freelance.clients.names.ping-interval=100ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(FreelanceWorkerProtocol.NAME)).isInstanceOf(FreelanceWorkerProtocol.class);
				FreelanceClient client = context.getBean(FreelanceClient.class); // one client: injectable by type
				assertThat(context.getBeansOfType(FreelanceClient.class)).containsOnlyKeys("freelanceClient.names");
				assertThat(client.getStrategy()).isEqualTo(FreelanceStrategy.ROUTER);
				assertThat(client.request("zmq.guide", String.class)).isEqualTo("resolved:zmq.guide");
				Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					Health health = context.getBean(ZmqFreelanceHealthIndicator.class).health();
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsKey("names");
				});
			});
	}

	@Test
	void severalClientsWithTheirStrategies() {
		this.runner
			.withPropertyValues("zmq.freelance.clients.a.servers=tcp://127.0.0.1:5555",
					"zmq.freelance.clients.a.strategy=sequential", "zmq.freelance.clients.b.servers=tcp://127.0.0.1:5556",
					"zmq.freelance.clients.b.strategy=shotgun")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("freelanceClient.a", FreelanceClient.class).getStrategy())
					.isEqualTo(FreelanceStrategy.SEQUENTIAL);
				assertThat(context.getBean("freelanceClient.b", FreelanceClient.class).getStrategy())
					.isEqualTo(FreelanceStrategy.SHOTGUN);
			});
	}

	@Test
	void aSequentialClientWithoutServersFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.freelance.clients.a.strategy=sequential").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("zmq.freelance.clients.a.servers");
		});
	}

	@Test
	void aBadTimeoutFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.freelance.clients.a.servers=tcp://127.0.0.1:5555",
				"zmq.freelance.clients.a.request-timeout=0s").run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.hasMessageContaining("zmq.freelance.clients.a.request-timeout");
				});
	}

	@Configuration(proxyBeanMethods = false)
	static class NameServer {

		@Bean
		Resolver resolver() {
			return new Resolver();
		}

	}

	static class Resolver {

		@ZmqWorker(protocol = "freelance", endpoints = "${fl.endpoint}")
		String resolve(String name) {
			return "resolved:" + name;
		}

	}

}
