package dev.zmqspring.observation;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqMajordomoAutoConfiguration;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerRegistry;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The observations of the template, the Majordomo client and the listener containers, recorded by
 * Micrometer's {@link TestObservationRegistry}: names, low-cardinality tags, outcomes, conventions,
 * and none at all when observation is off (the default).
 */
class ZmqObservationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class, ZmqAutoConfiguration.class,
				ZmqListenerAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class))
		.withUserConfiguration(Registry.class, Workers.class)
		.withPropertyValues("zmq.linger=0", "zmq.template.request-timeout=5s", "zmq.template.request-retries=0");

	@Test
	void templateRequestsAndListenerInvocationsAreObservedWithTheirTags() {
		this.runner.withPropertyValues("zmq.template.observation-enabled=true", "zmq.listener.observation-enabled=true")
			.run((context) -> {
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				String echo = context.getBean(ZmqListenerRegistry.class).getEndpoints("echo").get(0);
				assertThat(context.getBean(ZmqTemplate.class).request(echo, "hi", String.class)).isEqualTo("echo hi");
				await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("zmq.process")
					.that()
					.hasBeenStopped()
					.hasLowCardinalityKeyValue("zmq.listener.id", "echo")
					.hasLowCardinalityKeyValue("zmq.socket.type", "REP")
					.hasLowCardinalityKeyValue("zmq.outcome", "success")
					.hasContextualNameEqualTo("echo process"));
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("zmq.request")
					.that()
					.hasBeenStarted()
					.hasBeenStopped()
					.hasLowCardinalityKeyValue("zmq.target", echo)
					.hasLowCardinalityKeyValue("zmq.socket.type", "REQ")
					.hasLowCardinalityKeyValue("zmq.outcome", "success")
					.hasContextualNameEqualTo(echo + " request")
					.doesNotHaveError();
			});
	}

	@Test
	void aFailingListenerAndATimedOutRequestHaveTheirOutcomes() {
		this.runner.withPropertyValues("zmq.template.observation-enabled=true", "zmq.listener.observation-enabled=true")
			.run((context) -> {
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				String failing = context.getBean(ZmqListenerRegistry.class).getEndpoints("failing").get(0);
				assertThatExceptionOfType(ZmqRemoteException.class)
					.isThrownBy(() -> template.request(failing, "boom", String.class));
				await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("zmq.process")
					.that()
					.hasLowCardinalityKeyValue("zmq.listener.id", "failing")
					.hasLowCardinalityKeyValue("zmq.outcome", "error")
					.hasError());
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("zmq.request")
					.that()
					.hasLowCardinalityKeyValue("zmq.outcome", "error")
					.hasBeenStopped();
				registry.clear();
				String nobody = "tcp://127.0.0.1:1"; // nothing listens there
				assertThatExceptionOfType(ZmqRequestTimeoutException.class)
					.isThrownBy(() -> template.request(nobody, "hello?", String.class, Duration.ofMillis(100), 0));
				TestObservationRegistryAssert.assertThat(registry)
					.hasSingleObservationThat()
					.hasNameEqualTo("zmq.request")
					.hasLowCardinalityKeyValue("zmq.target", nobody)
					.hasLowCardinalityKeyValue("zmq.outcome", "timeout")
					.hasError()
					.hasBeenStopped();
			});
	}

	@Test
	void asynchronousRequestsAreObservedUntilTheyComplete() {
		this.runner.withPropertyValues("zmq.template.observation-enabled=true").run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			String echo = context.getBean(ZmqListenerRegistry.class).getEndpoints("echo").get(0);
			String reply = context.getBean(ZmqTemplate.class).requestAsync(echo, "later", String.class)
				.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(reply).isEqualTo("echo later");
			await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
				.hasSingleObservationThat()
				.hasNameEqualTo("zmq.request")
				.hasLowCardinalityKeyValue("zmq.socket.type", "DEALER")
				.hasLowCardinalityKeyValue("zmq.outcome", "success")
				.hasBeenStopped());
		});
	}

	@Test
	void publishAndPushAreSendObservationsAndTheirListenersProcessObservations() {
		this.runner.withPropertyValues("zmq.template.observation-enabled=true", "zmq.listener.observation-enabled=true")
			.run((context) -> {
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				Workers workers = context.getBean(Workers.class);
				String pull = context.getBean(ZmqListenerRegistry.class).getEndpoints("pull").get(0);
				template.push(pull, "task");
				await().atMost(WAIT).until(() -> workers.pulled == 1);
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("zmq.send")
					.that()
					.hasLowCardinalityKeyValue("zmq.target", pull)
					.hasLowCardinalityKeyValue("zmq.socket.type", "PUSH")
					.hasContextualNameEqualTo(pull + " send");
				await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("zmq.process")
					.that()
					.hasLowCardinalityKeyValue("zmq.listener.id", "pull")
					.hasLowCardinalityKeyValue("zmq.socket.type", "PULL")
					.hasBeenStopped());
				String sub = context.getBean(ZmqListenerRegistry.class).getEndpoints("sub").get(0);
				// a connecting PUB: the subscription reaches it after the connection; publish until it arrives
				await().atMost(WAIT).pollInSameThread().until(() -> { // the sockets belong to this thread
					template.publish(sub.replace("tcp://", ">tcp://"), "news", "update");
					return workers.news > 0;
				});
				TestObservationRegistryAssert.assertThat(registry)
					.hasAnObservation((observation) -> observation.hasNameEqualTo("zmq.send")
						.hasLowCardinalityKeyValue("zmq.socket.type", "PUB"));
				await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
					.hasAnObservation((observation) -> observation.hasNameEqualTo("zmq.process")
						.hasLowCardinalityKeyValue("zmq.listener.id", "sub")
						.hasLowCardinalityKeyValue("zmq.socket.type", "SUB")));
			});
	}

	@Test
	void majordomoClientRequestsAreObservedWithTheirService() {
		this.runner.withUserConfiguration(MdpWorker.class)
			.withPropertyValues("zmq.brokers.mdp.type=majordomo",
					"zmq.brokers.mdp.endpoint=inproc://observed-mdp,tcp://127.0.0.1:*",
					"zmq.majordomo.endpoint=inproc://observed-mdp", "zmq.listener.observation-enabled=true")
			.run((context) -> {
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				String broker = context.getBean(MajordomoBroker.class).getEndpoints().stream()
					.filter((endpoint) -> endpoint.startsWith("tcp://")).findFirst().orElseThrow();
				// a client of that broker, built as the auto-configuration builds the one of zmq.majordomo.endpoint
				ApplicationContextRunner clientSide = new ApplicationContextRunner()
					.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class))
					.withUserConfiguration(Registry.class)
					.withPropertyValues("zmq.linger=0", "zmq.majordomo.endpoint=" + broker,
							"zmq.majordomo.observation-enabled=true", "zmq.majordomo.request-timeout=10s");
				clientSide.run((client) -> {
					TestObservationRegistry clientRegistry = client.getBean(TestObservationRegistry.class);
					assertThat(client.getBean(MajordomoClient.class).request("echo", "mdp", String.class))
						.isEqualTo("echo mdp");
					TestObservationRegistryAssert.assertThat(clientRegistry)
						.hasSingleObservationThat()
						.hasNameEqualTo("zmq.request")
						.hasLowCardinalityKeyValue("zmq.target", "echo")
						.hasLowCardinalityKeyValue("zmq.socket.type", "DEALER")
						.hasLowCardinalityKeyValue("zmq.outcome", "success")
						.hasContextualNameEqualTo("echo request");
				});
				await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
					.hasAnObservation((observation) -> observation.hasNameEqualTo("zmq.process")
						.hasLowCardinalityKeyValue("zmq.listener.id", "mdp-echo")
						.hasLowCardinalityKeyValue("zmq.socket.type", "majordomo")));
			});
	}

	@Test
	void conventionBeansReplaceTheDefaults() {
		this.runner.withUserConfiguration(Conventions.class)
			.withPropertyValues("zmq.template.observation-enabled=true", "zmq.listener.observation-enabled=true")
			.run((context) -> {
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				String echo = context.getBean(ZmqListenerRegistry.class).getEndpoints("echo").get(0);
				context.getBean(ZmqTemplate.class).request(echo, "hi", String.class);
				await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("zmq.process")
					.that()
					.hasLowCardinalityKeyValue("team", "listeners"));
				TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("zmq.request")
					.that()
					.hasLowCardinalityKeyValue("team", "clients")
					.hasLowCardinalityKeyValue("zmq.outcome", "success");
			});
	}

	@Test
	void nothingIsObservedByDefault() {
		this.runner.run((context) -> {
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				String echo = context.getBean(ZmqListenerRegistry.class).getEndpoints("echo").get(0);
				assertThat(template.request(echo, "hi", String.class)).isEqualTo("echo hi");
				assertThat(template.requestAsync(echo, "hi", String.class).get(WAIT.toSeconds(), TimeUnit.SECONDS))
					.isEqualTo("echo hi");
				template.push(context.getBean(ZmqListenerRegistry.class).getEndpoints("pull").get(0), "task");
				await().atMost(WAIT).until(() -> context.getBean(Workers.class).pulled == 1);
				TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyObservation();
			});
	}

	@Test
	void tracePropagationWithoutObservationFailsNamingTheKey() {
		this.runner.withPropertyValues("zmq.template.trace-propagation=tcp://127.0.0.1:5555").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zmq.template.trace-propagation")
				.hasMessageContaining("zmq.template.observation-enabled=true");
		});
		this.runner.withPropertyValues("zmq.majordomo.trace-propagation=*").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zmq.majordomo.trace-propagation");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Conventions {

		@Bean
		ZmqSenderObservationConvention teamClients() {
			return new DefaultZmqSenderObservationConvention() {
				@Override
				public KeyValues getLowCardinalityKeyValues(ZmqSenderContext context) {
					return super.getLowCardinalityKeyValues(context).and("team", "clients");
				}
			};
		}

		@Bean
		ZmqReceiverObservationConvention teamListeners() {
			return new DefaultZmqReceiverObservationConvention() {
				@Override
				public KeyValues getLowCardinalityKeyValues(ZmqReceiverContext context) {
					return super.getLowCardinalityKeyValues(context).and("team", "listeners");
				}
			};
		}

	}

	static class Workers {

		volatile int pulled;

		volatile int news;

		@ZmqWorker(id = "echo", endpoints = "@tcp://127.0.0.1:*")
		String echo(String request) {
			return "echo " + request;
		}

		@ZmqWorker(id = "failing", endpoints = "@tcp://127.0.0.1:*")
		String failing(String request) {
			throw new IllegalStateException("no " + request);
		}

		@ZmqWorker(id = "pull", endpoints = "@tcp://127.0.0.1:*", type = SocketType.PULL)
		void pull(String task) {
			this.pulled++;
		}

		@ZmqSubscriber(id = "sub", endpoints = "@tcp://127.0.0.1:*", topics = "news")
		void news(String update) {
			this.news++;
		}

	}

	static class MdpWorker {

		@ZmqWorker(id = "mdp-echo", service = "echo")
		String mdpEcho(String request) {
			return "echo " + request;
		}

	}

}
