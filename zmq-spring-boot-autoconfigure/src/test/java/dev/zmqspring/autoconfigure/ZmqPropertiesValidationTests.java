package dev.zmqspring.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.listener.ZmqWorkerProtocol;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoClient;
import dev.zmqspring.proxy.ZmqProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ZmqPropertiesValidator}: wrong values fail with Boot's
 * {@link InvalidConfigurationPropertyValueException} naming the full key, the broker rules agree
 * across kinds, and endpoint properties take YAML lists as well as comma-separated strings.
 */
class ZmqPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqProxyAutoConfiguration.class,
				ZmqBrokerAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class));

	@Test
	void aWrongGlobalValueIsAnInvalidConfigurationPropertyValueNamingTheKey() {
		this.runner.withPropertyValues("zmq.majordomo.heartbeat-liveness=0").run((context) -> {
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("zmq.majordomo.heartbeat-liveness")
				.hasMessageContaining("'0'")
				.hasMessageContaining("must be at least 1");
			InvalidConfigurationPropertyValueException invalid = (InvalidConfigurationPropertyValueException) rootCause(
					context.getStartupFailure());
			assertThat(invalid.getName()).isEqualTo("zmq.majordomo.heartbeat-liveness");
		});
	}

	@Test
	void aSubscriptionLengthAboveWhatJeroMqSurvivesIsRefusedNamingTheKey() {
		this.runner.withPropertyValues("zmq.subscriptions.max-length=8KB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("zmq.subscriptions.max-length")
				.hasMessageContaining("must be between 0 and 4KB"));
		this.runner.withPropertyValues("zmq.subscriptions.max-per-connection=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("zmq.subscriptions.max-per-connection"));
		this.runner.withPropertyValues("zmq.subscriptions.max-length=4KB", "zmq.subscriptions.max-bytes=1MB")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aBoundMaxMessageSizeBelowMinusOneIsRefusedNamingTheKey() {
		this.runner.withPropertyValues("zmq.bound-max-message-size=-2B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("zmq.bound-max-message-size")
				.hasMessageContaining("must be -1 (unlimited) or >= 0"));
		this.runner.withPropertyValues("zmq.bound-max-message-size=-1B")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@ValueSource(strings = { "load-balancing", "paranoid-pirate", "majordomo" })
	void aBrokerMaxMessageSizeOfZeroIsRefusedForEveryKind(String type) {
		this.runner.withPropertyValues(broker(type, "zmq.brokers.b.max-message-size=0")).run((context) -> assertThat(rootCause(context.getStartupFailure()))
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining("zmq.brokers.b.max-message-size")
			.hasMessageContaining("at least 1B for every broker type"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "load-balancing", "paranoid-pirate", "majordomo" })
	void anInheritedMaxMessageSizeOfZeroIsRefusedNamingBothKeys(String type) {
		this.runner.withPropertyValues(broker(type, "zmq.max-message-size=0")).run((context) -> assertThat(rootCause(context.getStartupFailure()))
			.hasMessageContaining("zmq.max-message-size")
			.hasMessageContaining("zmq.brokers.b.max-message-size"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "load-balancing", "paranoid-pirate", "majordomo" })
	void heartbeatChecksAgreeForEveryKind(String type) {
		this.runner.withPropertyValues(broker(type, "zmq.brokers.b.heartbeat-interval=0s")).run((context) -> assertThat(rootCause(context.getStartupFailure()))
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining("zmq.brokers.b.heartbeat-interval"));
	}

	@Test
	void aPositiveBrokerCapIsKeptForEveryKind() {
		this.runner.withPropertyValues(broker("majordomo", "zmq.brokers.b.max-message-size=1B"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MajordomoBroker.class));
		this.runner.withPropertyValues(broker("load-balancing", "zmq.brokers.b.max-message-size=1B"))
			.run((context) -> assertThat(context.getBean(ZmqBroker.class).getDefinition().maxMessageSize()).isOne());
	}

	@Test
	void endpointsBindFromCommaSeparatedStrings() {
		this.runner
			.withPropertyValues("zmq.proxies.p.type=forwarder",
					"zmq.proxies.p.frontend=inproc://csv-in-1, inproc://csv-in-2",
					"zmq.proxies.p.backend=inproc://csv-out-1,inproc://csv-out-2",
					"zmq.proxies.p.capture=inproc://csv-cap-1,inproc://csv-cap-2", "zmq.brokers.lb.type=load-balancing",
					"zmq.brokers.lb.frontend=inproc://csv-lb-f1,inproc://csv-lb-f2",
					"zmq.brokers.lb.backend=inproc://csv-lb-b1,inproc://csv-lb-b2", "zmq.brokers.mdp.type=majordomo",
					"zmq.brokers.mdp.endpoint=inproc://csv-mdp-1,inproc://csv-mdp-2",
					"zmq.majordomo.endpoint=inproc://csv-mdp-1,inproc://csv-mdp-2")
			.run(this::assertTwoEndpointsEach);
	}

	@Test
	void endpointsBindFromYamlLists() throws IOException {
		String yaml = """
				zmq:
				  proxies:
				    p:
				      type: forwarder
				      frontend:
				        - inproc://yaml-in-1
				        - inproc://yaml-in-2
				      backend: [ inproc://yaml-out-1, inproc://yaml-out-2 ]
				      capture:
				        - inproc://yaml-cap-1
				        - inproc://yaml-cap-2
				  brokers:
				    lb:
				      type: load-balancing
				      frontend: [ inproc://yaml-lb-f1, inproc://yaml-lb-f2 ]
				      backend: [ inproc://yaml-lb-b1, inproc://yaml-lb-b2 ]
				    mdp:
				      type: majordomo
				      endpoint: [ inproc://yaml-mdp-1, inproc://yaml-mdp-2 ]
				  majordomo:
				    endpoint:
				      - inproc://yaml-mdp-1
				      - inproc://yaml-mdp-2
				""";
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("test.yml",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		this.runner
			.withInitializer((context) -> sources.forEach(context.getEnvironment().getPropertySources()::addFirst))
			.run(this::assertTwoEndpointsEach);
	}

	private void assertTwoEndpointsEach(org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		ZmqProxy proxy = context.getBean(ZmqProxy.class);
		assertThat(proxy.getDefinition().frontend()).hasSize(2);
		assertThat(proxy.getDefinition().backend()).hasSize(2);
		assertThat(proxy.getDefinition().capture()).hasSize(2);
		ZmqBroker broker = context.getBean(ZmqBroker.class);
		assertThat(broker.getDefinition().frontend()).hasSize(2);
		assertThat(broker.getDefinition().backend()).hasSize(2);
		assertThat(context.getBean(MajordomoBroker.class).getEndpoints()).hasSize(2);
		// the client exists (the list form satisfies its condition) and uses both endpoints
		assertThat(context.getBean(MajordomoClient.class).getEndpoint()).contains(",");
		ZmqWorkerProtocol protocol = context.getBean("majordomo", ZmqWorkerProtocol.class);
		assertThat(protocol.defaultEndpoints(new ZmqWorkerDefinition("w", 0, List.of(), "echo", "", "w.echo")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("mdp-1")
			.contains("mdp-2");
	}

	private static String[] broker(String type, String extra) {
		return (type.equals("majordomo"))
				? new String[] { "zmq.brokers.b.type=majordomo", "zmq.brokers.b.endpoint=tcp://127.0.0.1:*", extra }
				: new String[] { "zmq.brokers.b.type=" + type, "zmq.brokers.b.frontend=tcp://127.0.0.1:*",
						"zmq.brokers.b.backend=tcp://127.0.0.1:*", extra };
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable current = failure;
		while (current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
