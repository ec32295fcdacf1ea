package dev.zmqspring.actuate;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.lifecycle.ZmqManagedComponentSource;
import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.broker.ZmqBrokerDefinition;
import dev.zmqspring.broker.ZmqBrokerType;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The documented meter names and tags. */
class ZmqMetricsTests {

	@Test
	void metersCarryComponentKindAndDirectionTags() {
		try (ZContext context = new ZContext()) {
			ZmqBroker broker = new ZmqBroker(new ZmqBrokerDefinition("orders", ZmqBrokerType.LOAD_BALANCING,
					ZmqEndpoint.parseAll("tcp://127.0.0.1:*", SocketType.ROUTER, "f"),
					ZmqEndpoint.parseAll("tcp://127.0.0.1:*", SocketType.ROUTER, "b"), Duration.ofSeconds(1), 3, 1024,
					"zmq.brokers.orders"), new ZmqSocketFactory(context, ZmqSocketOptions.DEFAULTS), Duration.ofSeconds(5));
			broker.start();
			try {
				DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
				beans.registerSingleton("broker", broker);
				ZmqManagedComponentSource none = List::of;
				beans.registerSingleton("source", none);
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				new ZmqMetrics(new ZmqManagedComponents(beans.getBeanProvider(ZmqManagedComponent.class),
						beans.getBeanProvider(ZmqManagedComponentSource.class))).bindTo(registry);
				for (String direction : List.of("in", "out")) {
					assertThat(registry.get("zmq.messages").tags("component", "orders", "kind", "broker", "direction",
							direction).functionCounter().count()).isZero();
					assertThat(registry.get("zmq.bytes").tag("direction", direction).functionCounter()).isNotNull();
				}
				assertThat(registry.get("zmq.errors").tag("component", "orders").functionCounter()).isNotNull();
				assertThat(registry.get("zmq.dropped").tag("component", "orders").functionCounter()).isNotNull();
				assertThat(registry.get("zmq.connections.rejected").tag("component", "orders").functionCounter())
					.isNotNull();
				assertThat(registry.get("zmq.frames.rejected").tag("component", "orders").functionCounter()).isNotNull();
				assertThat(registry.get("zmq.connections.open").tag("component", "orders").gauge()).isNotNull();
				FunctionTimer handler = registry.get("zmq.handler").tag("component", "orders").functionTimer();
				assertThat(handler.count()).isZero();
				assertThat(registry.get("zmq.broker.workers").tag("state", "idle").gauge().value()).isZero();
				assertThat(registry.get("zmq.broker.workers").tag("state", "busy").gauge().value()).isZero();
				assertThat(registry.get("zmq.broker.queued").gauge().value()).isZero();
			}
			finally {
				broker.stop();
			}
		}
	}

	@Test
	void majordomoBrokersHaveTheWorkerGaugesOfTheOtherBrokers() {
		try (ZContext context = new ZContext()) {
			ZmqSocketFactory factory = new ZmqSocketFactory(context, ZmqSocketOptions.DEFAULTS);
			MajordomoBroker broker = new MajordomoBroker("mdp", factory,
					ZmqEndpoint.parseAll("tcp://127.0.0.1:*", SocketType.ROUTER, "mdp"), Duration.ofSeconds(1), 3, -1,
					Duration.ofSeconds(5), true, true, null);
			broker.start();
			try (org.zeromq.ZMQ.Socket worker = context.createSocket(SocketType.DEALER)) {
				DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
				beans.registerSingleton("mdp", broker);
				ZmqManagedComponentSource none = List::of;
				beans.registerSingleton("source", none);
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				new ZmqMetrics(new ZmqManagedComponents(beans.getBeanProvider(ZmqManagedComponent.class),
						beans.getBeanProvider(ZmqManagedComponentSource.class))).bindTo(registry);
				worker.connect(broker.getEndpoints().get(0));
				worker.sendMore("");
				worker.sendMore("MDPW01");
				worker.sendMore(new byte[] { 0x01 });
				worker.send("echo"); // READY for "echo" (spec 7/MDP)

				await().atMost(Duration.ofSeconds(10))
					.until(() -> registry.get("zmq.broker.workers").tags("component", "mdp", "state", "idle").gauge()
						.value() == 1);
				assertThat(registry.get("zmq.broker.workers").tags("component", "mdp", "state", "busy").gauge().value())
					.isZero();
				assertThat(registry.get("zmq.broker.queued").tag("component", "mdp").gauge().value()).isZero();
			}
			finally {
				broker.stop();
			}
		}
	}

}
