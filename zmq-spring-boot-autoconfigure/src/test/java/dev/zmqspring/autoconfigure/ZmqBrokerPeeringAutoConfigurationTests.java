package dev.zmqspring.autoconfigure;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actuate.ZmqActuatorEndpoint;
import dev.zmqspring.actuate.ZmqHealthContributor;
import dev.zmqspring.actuate.ZmqMetrics;
import dev.zmqspring.broker.LoadBalancingWorkerProtocol;
import dev.zmqspring.broker.ParanoidPirateWorkerProtocol;
import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.proxy.ZmqProxy;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code zmq.brokers.<name>.peers} (Guide ch.3 inter-broker routing): binding and startup checks. */
class ZmqBrokerPeeringAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqProxyAutoConfiguration.class,
					ZmqBrokerAutoConfiguration.class, ZmqHealthContributorAutoConfiguration.class,
					ZmqEndpointAutoConfiguration.class, ZmqMetricsAutoConfiguration.class));

	private static final String[] PEERED = { "zmq.brokers.a.type=load-balancing",
			"zmq.brokers.a.frontend=tcp://127.0.0.1:*", "zmq.brokers.a.backend=tcp://127.0.0.1:*",
			"zmq.brokers.a.state-endpoint=tcp://127.0.0.1:*", "zmq.brokers.a.cloud-endpoint=tcp://127.0.0.1:*",
			"zmq.brokers.a.state-interval=250ms", "zmq.brokers.a.peers.b.state=tcp://127.0.0.1:5961",
			"zmq.brokers.a.peers.b.cloud=tcp://127.0.0.1:5962" };

	@Test
	void peersBindTheirOwnEndpointsAndConnectToThePeers() {
		this.runner.withPropertyValues(PEERED).run((context) -> {
			assertThat(context).hasNotFailed();
			ZmqBroker broker = context.getBean(ZmqBroker.class);
			assertThat(broker.getDefinition().peering().stateInterval()).hasMillis(250);
			assertThat(broker.getDefinition().peering().peers()).singleElement()
				.satisfies((peer) -> {
					assertThat(peer.name()).isEqualTo("b");
					assertThat(peer.state().get(0).bind()).isFalse();
				});
			assertThat(broker.getEndpoints()).hasSize(4);
			assertThat(broker.getDetails()).containsKeys("peers", "stateInterval");
		});
	}

	@Test
	void misconfiguredPeeringFailsAtStartupNamingTheKey() {
		this.runner.withPropertyValues(without(PEERED, "state-endpoint"))
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.a.state-endpoint"));
		this.runner.withPropertyValues(without(PEERED, "cloud-endpoint"))
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.a.cloud-endpoint"));
		this.runner.withPropertyValues(without(PEERED, "peers.b.cloud"))
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.a.peers.b.cloud"));
		this.runner.withPropertyValues(PEERED).withPropertyValues("zmq.brokers.a.state-interval=0s")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.a.state-interval"));
		this.runner.withPropertyValues(PEERED).withPropertyValues("zmq.brokers.a.type=paranoid-pirate")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.a.peers"));
		this.runner.withPropertyValues(PEERED)
			.withPropertyValues("zmq.brokers.a.peers.a.state=tcp://127.0.0.1:1", "zmq.brokers.a.peers.a.cloud=tcp://127.0.0.1:2")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.a.peers.a"));
	}

	private static String[] without(String[] properties, String key) {
		return java.util.Arrays.stream(properties).filter((p) -> !p.startsWith("zmq.brokers.a." + key + "=")).toArray(String[]::new);
	}

}
