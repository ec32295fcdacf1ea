package dev.zmqspring.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.zmqspring.broker.ParanoidPirateWorkerProtocol;
import dev.zmqspring.broker.ZmqBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zmq.paranoid-pirate.*}: the Paranoid Pirate workers' settings (Guide ch.4 ppworker), bound
 * into the auto-configured {@link ParanoidPirateWorkerProtocol} and checked at startup; the queue's
 * heartbeat defaults to the Guide's ppqueue.
 */
class ZmqParanoidPirateWorkerPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqBrokerAutoConfiguration.class));

	@Test
	void theDefaultsAreTheGuidesPpworkerAndPpqueue() {
		this.runner
			.withPropertyValues("zmq.brokers.jobs.type=paranoid-pirate", "zmq.brokers.jobs.frontend=tcp://127.0.0.1:*",
					"zmq.brokers.jobs.backend=tcp://127.0.0.1:*")
			.run((context) -> {
				ParanoidPirateWorkerProtocol protocol = context.getBean(ParanoidPirateWorkerProtocol.class);
				assertThat(protocol.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
				assertThat(protocol.getHeartbeatLiveness()).isEqualTo(3);
				assertThat(protocol.getReconnectInitial()).isEqualTo(Duration.ofSeconds(1));
				assertThat(protocol.getReconnectMax()).isEqualTo(Duration.ofSeconds(32));
				assertThat(context.getBean(ZmqBroker.class).getDefinition().heartbeatInterval())
					.isEqualTo(Duration.ofSeconds(1));
			});
	}

	@Test
	void theWorkerSettingsBind() {
		this.runner
			.withPropertyValues("zmq.paranoid-pirate.heartbeat-interval=700ms", "zmq.paranoid-pirate.heartbeat-liveness=5",
					"zmq.paranoid-pirate.reconnect-initial=250ms", "zmq.paranoid-pirate.reconnect-max=4s")
			.run((context) -> {
				ParanoidPirateWorkerProtocol protocol = context.getBean(ParanoidPirateWorkerProtocol.class);
				assertThat(protocol.getHeartbeatInterval()).isEqualTo(Duration.ofMillis(700));
				assertThat(protocol.getHeartbeatLiveness()).isEqualTo(5);
				assertThat(protocol.getReconnectInitial()).isEqualTo(Duration.ofMillis(250));
				assertThat(protocol.getReconnectMax()).isEqualTo(Duration.ofSeconds(4));
			});
	}

	@ParameterizedTest
	@CsvSource({ "heartbeat-interval,0s", "heartbeat-interval,-1s", "heartbeat-liveness,0", "reconnect-initial,0s",
			"reconnect-max,500ms" })
	void aWrongValueFailsAtStartupNamingTheKey(String key, String value) {
		String name = "zmq.paranoid-pirate." + key;
		this.runner.withPropertyValues(name + "=" + value).run((context) -> {
			assertThat(context).getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class);
			Throwable cause = context.getStartupFailure();
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			assertThat(((InvalidConfigurationPropertyValueException) cause).getName()).isEqualTo(name);
		});
	}

}
