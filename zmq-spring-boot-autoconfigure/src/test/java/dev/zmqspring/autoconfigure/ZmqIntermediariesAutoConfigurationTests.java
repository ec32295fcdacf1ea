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
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.proxy.ZmqProxy;

import static org.assertj.core.api.Assertions.assertThat;

/** Proxies and brokers from application properties, their validation, and the optional actuator parts. */
class ZmqIntermediariesAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqProxyAutoConfiguration.class,
					ZmqBrokerAutoConfiguration.class, ZmqHealthContributorAutoConfiguration.class,
					ZmqEndpointAutoConfiguration.class, ZmqMetricsAutoConfiguration.class));

	@Test
	void proxiesAndBrokersFromPropertiesStartWithTheContext() {
		this.runner
			.withPropertyValues("zmq.proxies.pipeline.type=streamer",
					"zmq.proxies.pipeline.frontend=@tcp://127.0.0.1:*", "zmq.proxies.pipeline.backend=@tcp://127.0.0.1:*",
					"zmq.brokers.pirates.type=paranoid-pirate", "zmq.brokers.pirates.frontend=tcp://127.0.0.1:*",
					"zmq.brokers.pirates.backend=tcp://127.0.0.1:*", "zmq.brokers.pirates.max-message-size=4KB",
					"zmq.brokers.mdp.type=majordomo", "zmq.brokers.mdp.endpoint=tcp://127.0.0.1:*")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ZmqProxy.class)
					.hasSingleBean(ZmqBroker.class)
					.hasSingleBean(ParanoidPirateWorkerProtocol.class)
					.hasSingleBean(LoadBalancingWorkerProtocol.class);
				ZmqProxy proxy = context.getBean(ZmqProxy.class);
				assertThat(proxy.getState()).isEqualTo(ZmqActorState.RUNNING);
				ZmqBroker broker = context.getBean(ZmqBroker.class);
				assertThat(broker.getState()).isEqualTo(ZmqActorState.RUNNING);
				assertThat(broker.getDefinition().maxMessageSize()).isEqualTo(4096);
				ZContext zmq = context.getBean(ZContext.class);
				try (ZMQ.Socket push = zmq.createSocket(SocketType.PUSH); ZMQ.Socket pull = zmq.createSocket(SocketType.PULL)) {
					push.setHandshakeIvl(1000); // a stalled handshake (docs/jeromq.md) retries within the wait
					pull.setHandshakeIvl(1000);
					push.connect(proxy.getEndpoints().get(0));
					pull.connect(proxy.getEndpoints().get(1));
					pull.setReceiveTimeOut(10_000);
					push.send("through the streamer");
					assertThat(pull.recvStr()).isEqualTo("through the streamer");
				}
			});
	}

	@Test
	void brokerMessageSizeCapFallsBackToTheGlobalOneThenOneMegabyte() {
		this.runner
			.withPropertyValues("zmq.brokers.a.type=load-balancing", "zmq.brokers.a.frontend=tcp://127.0.0.1:*",
					"zmq.brokers.a.backend=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context.getBean(ZmqBroker.class).getDefinition().maxMessageSize())
				.isEqualTo(1024 * 1024));
		this.runner
			.withPropertyValues("zmq.max-message-size=2KB", "zmq.brokers.a.type=load-balancing",
					"zmq.brokers.a.frontend=tcp://127.0.0.1:*", "zmq.brokers.a.backend=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context.getBean(ZmqBroker.class).getDefinition().maxMessageSize())
				.isEqualTo(2048));
	}

	@Test
	void unprefixedProxyEndpointsBindWhateverTheSocketTypeAndGreaterThanConnects() {
		this.runner
			.withPropertyValues("zmq.proxies.fw.type=forwarder", "zmq.proxies.fw.frontend=tcp://127.0.0.1:*",
					"zmq.proxies.fw.backend=tcp://127.0.0.1:*,inproc://fw-out",
					"zmq.proxies.bridge.type=streamer", "zmq.proxies.bridge.frontend=tcp://127.0.0.1:*",
					"zmq.proxies.bridge.backend=>inproc://fw-elsewhere")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ZmqProxy forwarder = context.getBean("zmqProxy.fw", ZmqProxy.class);
				assertThat(forwarder.getDefinition().frontend()).allMatch((endpoint) -> endpoint.bind());
				assertThat(forwarder.getEndpoints()).hasSize(3).contains("inproc://fw-out");
				ZmqProxy bridge = context.getBean("zmqProxy.bridge", ZmqProxy.class);
				assertThat(bridge.getDefinition().backend().get(0).bind()).isFalse();
			});
	}

	@Test
	void brokerEndpointsGivenAsIndexedListsMakeTheirBrokersOfEveryKind() {
		this.runner
			.withConfiguration(AutoConfigurations.of(ZmqMajordomoAutoConfiguration.class))
			.withPropertyValues("zmq.brokers.lb.type=load-balancing", "zmq.brokers.lb.frontend[0]=tcp://127.0.0.1:*",
					"zmq.brokers.lb.frontend[1]=inproc://lb-clients", "zmq.brokers.lb.backend[0]=tcp://127.0.0.1:*",
					"zmq.brokers.mdp.type=majordomo", "zmq.brokers.mdp.endpoint[0]=tcp://127.0.0.1:*")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("zmqBroker.lb", ZmqBroker.class).getDefinition().frontend()).hasSize(2);
				assertThat(context.getBeansOfType(MajordomoBroker.class)).containsOnlyKeys("majordomoBroker.mdp");
			});
	}

	@Test
	void autoStartupFalseLeavesTheProxyStoppedAndHealthOptOutIsHonoured() {
		this.runner
			.withPropertyValues("zmq.proxies.later.type=queue", "zmq.proxies.later.frontend=tcp://127.0.0.1:*",
					"zmq.proxies.later.backend=@tcp://127.0.0.1:*", "zmq.proxies.later.auto-startup=false",
					"zmq.proxies.later.health=false")
			.run((context) -> {
				ZmqProxy proxy = context.getBean(ZmqProxy.class);
				assertThat(proxy.getState()).isEqualTo(ZmqActorState.NEW);
				assertThat(proxy.isHealthEnabled()).isFalse();
				assertThat(context.getBean(ZmqHealthContributor.class).stream().map((entry) -> entry.name()))
					.containsExactly(ZmqHealthContributor.CONTEXT);
				proxy.start();
				assertThat(proxy.getState()).isEqualTo(ZmqActorState.RUNNING);
			});
	}

	@Test
	void unknownTypeFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.proxies.p.type=teleporter", "zmq.proxies.p.frontend=tcp://127.0.0.1:*",
				"zmq.proxies.p.backend=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("teleporter"));
		this.runner.withPropertyValues("zmq.proxies.p.type=teleporter")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.proxies.p.type"));
		this.runner.withPropertyValues("zmq.brokers.b.type=magic")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.b.type"));
	}

	@Test
	void missingTypeFrontendOrBackendFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.proxies.p.frontend=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.proxies.p.type"));
		this.runner.withPropertyValues("zmq.proxies.p.type=queue", "zmq.proxies.p.backend=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.proxies.p.frontend"));
		this.runner.withPropertyValues("zmq.proxies.p.type=queue", "zmq.proxies.p.frontend=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.proxies.p.backend"));
		this.runner.withPropertyValues("zmq.brokers.b.type=paranoid-pirate", "zmq.brokers.b.frontend=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.b.backend"));
		this.runner.withPropertyValues("zmq.brokers.b.frontend=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.b.type"));
		this.runner.withPropertyValues("zmq.brokers.b.type=load-balancing", "zmq.brokers.b.frontend=tcp://127.0.0.1:1",
				"zmq.brokers.b.backend=tcp://127.0.0.1:2", "zmq.brokers.b.heartbeat-liveness=0")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.b.heartbeat-liveness"));
	}

	@Test
	void bothEndsOnTheSameAddressFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.proxies.p.type=queue", "zmq.proxies.p.frontend=@tcp://127.0.0.1:5999",
				"zmq.proxies.p.backend=@tcp://127.0.0.1:5999")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("zmq.proxies.p.backend")
				.hasMessageContaining("zmq.proxies.p.frontend"));
		this.runner.withPropertyValues("zmq.brokers.b.type=load-balancing", "zmq.brokers.b.frontend=tcp://127.0.0.1:5999",
				"zmq.brokers.b.backend=tcp://127.0.0.1:5999")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.brokers.b.backend"));
	}

	@Test
	void malformedEndpointFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.proxies.p.type=streamer", "zmq.proxies.p.frontend=udp://x:1",
				"zmq.proxies.p.backend=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.proxies.p.frontend"));
	}

	@Test
	void portInUseFailsAtStartupNamingTheProperty() {
		try (ZContext zmq = new ZContext(); ZMQ.Socket squatter = zmq.createSocket(SocketType.PULL)) {
			squatter.bind("tcp://127.0.0.1:*");
			String taken = squatter.getLastEndpoint();
			this.runner.withPropertyValues("zmq.proxies.p.type=streamer", "zmq.proxies.p.frontend=@" + taken,
					"zmq.proxies.p.backend=@tcp://127.0.0.1:*")
				.run((context) -> assertThat(context).getFailure()
					.hasStackTraceContaining("zmq.proxies.p.frontend: Could not bind"));
			this.runner.withPropertyValues("zmq.brokers.b.type=paranoid-pirate",
					"zmq.brokers.b.frontend=tcp://127.0.0.1:*", "zmq.brokers.b.backend=" + taken)
				.run((context) -> assertThat(context).getFailure()
					.hasStackTraceContaining("zmq.brokers.b.backend: Could not bind"));
		}
	}

	@Test
	void withActuatorTheHealthContributorEndpointAndMetricsArePresent() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=zmq")
			.run((context) -> assertThat(context).hasSingleBean(ZmqHealthContributor.class)
				.hasSingleBean(ZmqActuatorEndpoint.class)
				.hasSingleBean(ZmqMetrics.class));
	}

	@Test
	void withoutActuatorOnTheClasspathThereAreNoActuatorBeansAndNoFailure() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthContributor.class, Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=zmq", "zmq.proxies.p.type=streamer",
					"zmq.proxies.p.frontend=@tcp://127.0.0.1:*", "zmq.proxies.p.backend=@tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ZmqProxy.class)
				.doesNotHaveBean(ZmqHealthContributor.class)
				.doesNotHaveBean(ZmqActuatorEndpoint.class));
	}

	@Test
	void withoutMicrometerThereAreNoMeters() {
		this.runner.withClassLoader(new FilteredClassLoader(io.micrometer.core.instrument.binder.MeterBinder.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ZmqMetrics.class));
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.zmq.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ZmqHealthContributor.class));
	}

	@Test
	void shutdownStopsProxiesAndBrokers() {
		ZmqProxy[] proxy = new ZmqProxy[1];
		this.runner
			.withPropertyValues("zmq.proxies.p.type=forwarder", "zmq.proxies.p.frontend=@tcp://127.0.0.1:*",
					"zmq.proxies.p.backend=@tcp://127.0.0.1:*", "zmq.shutdown-timeout=5s")
			.run((context) -> proxy[0] = context.getBean(ZmqProxy.class));
		assertThat(proxy[0].getState()).isEqualTo(ZmqActorState.STOPPED);
		assertThat(Duration.ofSeconds(5)).isPositive();
	}


	@Test
	void aLastValueCacheProxyFromPropertiesWithItsCacheInHealth() {
		this.runner
			.withPropertyValues("zmq.proxies.lvc.type=last-value-cache", "zmq.proxies.lvc.frontend=tcp://127.0.0.1:*",
					"zmq.proxies.lvc.backend=tcp://127.0.0.1:*", "zmq.proxies.lvc.max-topics=50")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ZmqProxy.class);
				ZmqProxy proxy = context.getBean(ZmqProxy.class);
				assertThat(proxy.getDefinition().type()).isEqualTo(dev.zmqspring.proxy.ZmqProxyType.LAST_VALUE_CACHE);
				org.springframework.boot.health.contributor.Health health = ((org.springframework.boot.health.contributor.HealthIndicator) context
					.getBean(ZmqHealthContributor.class).getContributor("lvc")).health();
				io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
				context.getBean(dev.zmqspring.actuate.ZmqMetrics.class).bindTo(meters);
				assertThat(meters.get("zmq.lvc.topics").tag("component", "lvc").gauge().value()).isZero();
				assertThat(meters.get("zmq.lvc.replayed").tag("component", "lvc").functionCounter().count()).isZero();
				assertThat(health.getDetails()).containsEntry("type", "last-value-cache")
					.containsEntry("cachedTopics", 0)
					.containsEntry("maxTopics", 50)
					.containsKeys("evictedTopics", "replayedMessages", "refusedMessages");
			});
		this.runner
			.withPropertyValues("zmq.proxies.lvc.type=last-value-cache", "zmq.proxies.lvc.frontend=tcp://127.0.0.1:*",
					"zmq.proxies.lvc.backend=tcp://127.0.0.1:*", "zmq.proxies.lvc.max-topics=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(org.springframework.core.NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.hasMessageContaining("zmq.proxies.lvc.max-topics");
			});
	}

}
