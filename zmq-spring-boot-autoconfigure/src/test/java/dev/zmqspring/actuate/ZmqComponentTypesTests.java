package dev.zmqspring.actuate;

import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqBinaryStarAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqBrokerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqFreelanceAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqMajordomoAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqProperties;
import dev.zmqspring.autoconfigure.ZmqProxyAutoConfiguration;
import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.listener.ZmqListenerRegistry;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyType;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the {@code zmq} endpoint and health show as a component's {@code type}: the kebab-case text a
 * user configures, for every proxy and broker type; protocol workers (Majordomo, Freelance) name
 * their protocol; and Binary Star labels its bound {@code local} and connected {@code remote}
 * endpoints.
 */
class ZmqComponentTypesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class,
				ZmqProxyAutoConfiguration.class, ZmqBrokerAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class,
				ZmqFreelanceAutoConfiguration.class, ZmqBinaryStarAutoConfiguration.class))
		.withPropertyValues("zmq.linger=0");

	private static String kebab(Enum<?> type) {
		return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	@Test
	void everyProxyTypeIsShownAsConfigured() {
		for (ZmqProxyType type : ZmqProxyType.values()) {
			this.runner
				.withPropertyValues("zmq.proxies.p.type=" + kebab(type), "zmq.proxies.p.frontend=@tcp://127.0.0.1:*",
						"zmq.proxies.p.backend=@tcp://127.0.0.1:*")
				.run((context) -> assertThat(ZmqManagedComponents.describe(context.getBean(ZmqProxy.class)))
					.as(type.name())
					.containsEntry("type", kebab(type)));
		}
	}

	@Test
	void everyBrokerTypeIsShownAsConfigured() {
		for (ZmqProperties.BrokerType type : ZmqProperties.BrokerType.values()) {
			this.runner
				.withPropertyValues("zmq.brokers.b.type=" + kebab(type), "zmq.brokers.b.frontend=tcp://127.0.0.1:*",
						"zmq.brokers.b.backend=tcp://127.0.0.1:*", "zmq.brokers.b.endpoint=tcp://127.0.0.1:*")
				.run((context) -> assertThat(ZmqManagedComponents.describe(context.getBeansOfType(ZmqManagedComponent.class)
					.values()
					.stream()
					.filter((component) -> component.getName().equals("b"))
					.findFirst()
					.orElseThrow())).as(type.name())
					.containsEntry("type", kebab(type)));
		}
	}

	@Test
	void protocolWorkersNameTheirProtocolAsType() {
		this.runner.withUserConfiguration(ProtocolWorkers.class)
			.withPropertyValues("mdp.broker=tcp://127.0.0.1:" + freePort(), "fl.server=tcp://127.0.0.1:" + freePort())
			.run((context) -> {
				ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
				assertThat(ZmqManagedComponents.describe(registry.getListenerContainer("mdp")))
					.containsEntry("type", "majordomo");
				assertThat(ZmqManagedComponents.describe(registry.getListenerContainer("flserver")))
					.containsEntry("type", "freelance");
				assertThat(ZmqManagedComponents.describe(registry.getListenerContainer("rep")))
					.containsEntry("type", "REP");
			});
	}

	@Test
	void binaryStarLabelsItsLocalAndRemoteEndpoints() {
		int local = freePort();
		int remote = freePort();
		this.runner
			.withPropertyValues("zmq.binary-star.role=primary", "zmq.binary-star.local=tcp://127.0.0.1:" + local,
					"zmq.binary-star.remote=tcp://127.0.0.1:" + remote)
			.run((context) -> {
				Map<String, Object> view = ZmqManagedComponents.describe(context.getBean(BinaryStar.class));
				assertThat(view).containsEntry("local", java.util.List.of("tcp://127.0.0.1:" + local))
					.containsEntry("remote", java.util.List.of("tcp://127.0.0.1:" + remote));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ProtocolWorkers {

		@ZmqWorker(id = "mdp", service = "echo", broker = "${mdp.broker}")
		String mdp(String request) {
			return request;
		}

		@ZmqWorker(id = "flserver", protocol = "freelance", endpoints = "${fl.server}")
		String freelance(String request) {
			return request;
		}

		@ZmqWorker(id = "rep", endpoints = "tcp://127.0.0.1:*")
		String rep(String request) {
			return request;
		}

	}

}
