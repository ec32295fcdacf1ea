package dev.zmqspring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actuate.ZmqHealthContributor;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.support.InvalidEndpointException;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.listener.ZmqWorkerProtocol;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoClient;
import dev.zmqspring.majordomo.MajordomoWorkerProtocol;
import dev.zmqspring.test.ZmqTestThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class ZmqMajordomoAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class))
		.withPropertyValues("zmq.linger=0");

	@Test
	void aMajordomoBrokerPerPropertyEntryOthersLeftAlone() {
		this.runner
			.withPropertyValues("zmq.brokers.mdp.type=majordomo", "zmq.brokers.mdp.endpoint=tcp://127.0.0.1:*",
					"zmq.brokers.mdp.heartbeat-interval=500ms", "zmq.brokers.lb.type=load-balancing",
					"zmq.brokers.lb.frontend=tcp://127.0.0.1:*", "zmq.brokers.lb.backend=tcp://127.0.0.1:*")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(MajordomoBroker.class)).containsOnlyKeys("majordomoBroker.mdp");
				MajordomoBroker broker = context.getBean(MajordomoBroker.class);
				assertThat(broker.isRunning()).isTrue();
				assertThat(broker.getState()).isEqualTo(ZmqActorState.RUNNING);
				assertThat(broker.getEndpoints()).singleElement().asString().startsWith("tcp://127.0.0.1:");
				assertThat(context.getBeansOfType(ZmqManagedComponent.class)).containsKey("majordomoBroker.mdp");
				assertThat(broker.getDetails()).containsKeys("services", "workers", "queuedRequests", "requestsServed");
				// no client without zmq.majordomo.endpoint; the worker protocol is always there
				assertThat(context).doesNotHaveBean(MajordomoClient.class);
				assertThat(context.getBean("majordomo")).isInstanceOf(MajordomoWorkerProtocol.class);
				MajordomoClient client = new MajordomoClient(context.getBean(ZmqSocketFactory.class),
						context.getBean(ZmqMessageConverters.class), broker.getEndpoints().get(0),
						Duration.ofSeconds(5), 0, 4, -1);
				try {
					assertThat(client.request("mmi.service", "echo", String.class)).isEqualTo("404");
				}
				finally {
					client.destroy();
				}
			});
	}

	@Test
	void theBrokerIsAHealthComponentWithServicesWorkersAndQueues() {
		this.runner.withConfiguration(AutoConfigurations.of(ZmqHealthContributorAutoConfiguration.class))
			.withPropertyValues("zmq.brokers.mdp.type=majordomo", "zmq.brokers.mdp.endpoint=tcp://127.0.0.1:*",
					"zmq.brokers.quiet.type=majordomo", "zmq.brokers.quiet.endpoint=tcp://127.0.0.1:*",
					"zmq.brokers.quiet.health=false")
			.run((context) -> {
				ZmqHealthContributor health = context.getBean(ZmqHealthContributor.class);
				assertThat(health.getContributor("quiet")).isNull();
				Health mdp = ((HealthIndicator) health.getContributor("mdp")).health();
				assertThat(mdp.getStatus()).isEqualTo(Status.UP);
				assertThat(mdp.getDetails()).containsEntry("kind", "broker")
					.containsEntry("type", "majordomo")
					.containsKeys("services", "workers", "queuedRequests", "requestsServed", "counters");
			});
	}

	@Test
	void aMajordomoBrokerWithoutEndpointFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.brokers.main.type=majordomo").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("zmq.brokers.main.endpoint");
		});
	}

	@Test
	void aMalformedBrokerEndpointFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.brokers.main.type=majordomo", "zmq.brokers.main.endpoint=tcp://127.0.0.1")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidEndpointException.class)
					.hasMessageContaining("zmq.brokers.main.endpoint");
			});
	}

	@Test
	void theClientComesWithTheEndpointPropertyAndItsSettings() {
		this.runner
			.withPropertyValues("zmq.majordomo.endpoint=tcp://127.0.0.1:5555", "zmq.majordomo.request-timeout=1s",
					"zmq.majordomo.request-retries=1", "zmq.majordomo.async-connections=4")
			.run((context) -> {
				assertThat(context).hasSingleBean(MajordomoClient.class);
				assertThat(context.getBean(MajordomoClient.class).getEndpoint()).isEqualTo("tcp://127.0.0.1:5555");
			});
		this.runner.withPropertyValues("zmq.majordomo.endpoint=tcp://127.0.0.1:5555", "zmq.majordomo.request-retries=-1")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("zmq.majordomo.request-retries");
			});
	}

	@Test
	void theWorkerProtocolValidatesNamingTheSource() {
		this.runner.run((context) -> {
			ZmqWorkerProtocol protocol = context.getBean("majordomo", ZmqWorkerProtocol.class);
			assertThat(protocol.getName()).isEqualTo("majordomo");
			ZmqWorkerDefinition noBroker = new ZmqWorkerDefinition("echo", 0, List.of(), "echo", "",
					"echoBean.echo(byte[])");
			assertThatIllegalStateException().isThrownBy(() -> protocol.validate(noBroker))
				.withMessageContaining("echoBean.echo(byte[])")
				.withMessageContaining("zmq.majordomo.endpoint");
			ZmqWorkerDefinition reserved = new ZmqWorkerDefinition("mmi", 0, List.of(), "mmi.service",
					"tcp://127.0.0.1:5555", "mmiBean.handle(byte[])");
			assertThatIllegalStateException().isThrownBy(() -> protocol.validate(reserved))
				.withMessageContaining("mmiBean.handle(byte[])");
			protocol.validate(new ZmqWorkerDefinition("echo", 0, List.of(), "echo", "tcp://127.0.0.1:5555", "ok"));
		});
		this.runner.withPropertyValues("zmq.majordomo.endpoint=tcp://127.0.0.1:5555").run((context) -> {
			ZmqWorkerProtocol protocol = context.getBean("majordomo", ZmqWorkerProtocol.class);
			protocol.validate(new ZmqWorkerDefinition("echo", 0, List.of(), "echo", "", "echoBean.echo(byte[])"));
		});
	}

	@Test
	void startStopCyclesWithBrokerTitanicAndClientLeaveNoThreadBehind(@TempDir Path titanic) {
		Set<String> baseline = ZmqTestThreads.live();
		for (int i = 0; i < 10; i++) {
			this.runner
				.withPropertyValues("zmq.brokers.mdp.type=majordomo", "zmq.brokers.mdp.endpoint=tcp://127.0.0.1:*",
						"zmq.brokers.mdp.titanic.enabled=true", "zmq.brokers.mdp.titanic.directory=" + titanic)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					MajordomoClient client = new MajordomoClient(context.getBean(ZmqSocketFactory.class),
							context.getBean(ZmqMessageConverters.class),
							context.getBean(MajordomoBroker.class).getEndpoints().get(0), Duration.ofSeconds(5), 0, 4,
							-1);
					try {
						assertThat(client.requestAsync("mmi.service", "titanic.request", String.class)
							.get(10, TimeUnit.SECONDS)).isIn("200", "404");
					}
					finally {
						client.destroy();
					}
				});
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ZmqTestThreads.live()).isSubsetOf(baseline));
	}

	@Test
	void zmqWorkerServiceMethodsBecomeMajordomoWorkers() {
		this.runner.withConfiguration(AutoConfigurations.of(ZmqListenerAutoConfiguration.class))
			.withUserConfiguration(EchoService.class)
			.withPropertyValues("zmq.brokers.mdp.type=majordomo", "zmq.brokers.mdp.endpoint=inproc://mdp-annotation",
					"zmq.majordomo.endpoint=inproc://mdp-annotation")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MajordomoClient client = context.getBean(MajordomoClient.class);
				assertThat(client.request("echo", "hi", String.class)).isEqualTo("echo:hi");
				await().atMost(Duration.ofSeconds(20))
					.until(() -> "3".equals(client.request("mmi.workers", "echo", String.class)));
			});
	}

	@Test
	void aZmqWorkerServiceWithoutBrokerFailsNamingTheMethod() {
		this.runner.withConfiguration(AutoConfigurations.of(ZmqListenerAutoConfiguration.class))
			.withUserConfiguration(EchoService.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("Majordomo worker echo.echo has no broker")
					.hasStackTraceContaining("zmq.majordomo.endpoint");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoService {

		@Bean
		Echo echo() {
			return new Echo();
		}

	}

	static class Echo {

		@ZmqWorker(service = "echo", concurrency = "3")
		String echo(String text) {
			return "echo:" + text;
		}

	}

}
