package dev.zmqspring.hostile;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.zmqspring.actuate.ZmqHealthContributor;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqBinaryStarAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqBrokerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqCloneAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqHealthContributorAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqProxyAutoConfiguration;
import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSubscriptionLimits;
import dev.zmqspring.test.PythonPeer;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static dev.zmqspring.test.ZmqTestPorts.freePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issues 37 and 38 on every kind of publisher the starter binds, with default settings: a libzmq peer
 * ({@code sub_flood.py}) sends a 60 KB subscription, a 1 MB subscription, then a flood of 30,000
 * distinct ones. Each time its connection is cut; the component keeps running, no JeroMQ thread and no
 * actor dies ({@code zmq.context} health stays UP), at most
 * {@code zmq.subscriptions.max-per-connection} subscriptions are ever held, and a normal subscriber is
 * served afterwards.
 */
class SubscriptionAttackTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	enum Kind {

		FORWARDER, LAST_VALUE_CACHE, TEMPLATE_PUBLISHER, CLONE_PUBLISHER, BINARY_STAR_STATE, PEERING_STATE

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class, ZmqAutoConfiguration.class,
				ZmqProxyAutoConfiguration.class, ZmqBrokerAutoConfiguration.class, ZmqBinaryStarAutoConfiguration.class,
				ZmqCloneAutoConfiguration.class, ZmqHealthContributorAutoConfiguration.class));

	@BeforeAll
	static void python() {
		PythonPeer.assumeAvailable();
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void aPublisherSurvivesLongAndFloodingSubscriptions(Kind kind) {
		int front = freePort();
		int back = freePorts(3);
		int spare = freePort();
		configure(kind, front, back, spare).run((context) -> {
			assertThat(context).hasNotFailed();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			String attacked = "tcp://127.0.0.1:" + ((kind == Kind.CLONE_PUBLISHER) ? back + 1 : back);
			Runnable nudge = switch (kind) {
				case FORWARDER, LAST_VALUE_CACHE -> () -> template.publish(">tcp://127.0.0.1:" + front, "t", "x");
				case TEMPLATE_PUBLISHER -> () -> template.publish("@" + attacked, "t", "x");
				default -> () -> { }; // they publish state or heartbeats on their own
			};
			if (kind == Kind.TEMPLATE_PUBLISHER) {
				template.bind("@" + attacked, SocketType.PUB);
			}
			ZmqCounters counters = counters(context, kind);
			assertServed(attacked, nudge);
			attack(attacked, nudge, 60 * 1024, 1, 1);
			attack(attacked, nudge, 1024 * 1024, 1, 1);
			long seed = System.nanoTime();
			System.out.println(kind + ": flood seed " + seed);
			attack(attacked, nudge, 12, 30000, seed);
			if (counters != null) {
				assertThat(counters.getSubscriptionsHeld()).isLessThanOrEqualTo(
						ZmqSubscriptionLimits.DEFAULTS.maxPerConnection() + 1L);
				assertThat(counters.getSubscribersCut()).as("60 KB and flood cut by the guard").isEqualTo(2);
				await().atMost(WAIT).untilAsserted(() -> assertThat(counters.getSubscriptionsHeld())
					.as("held after the cuts (open connections %d, disconnected %d)", counters.getConnectionsOpen(),
							counters.getConnectionsDisconnected())
					.isZero());
			}
			assertServed(attacked, nudge);
			if (counters != null) {
				ZmqManagedComponent component = component(context, kind);
				assertThat(component.getState()).isEqualTo(dev.zmqspring.actor.ZmqActorState.RUNNING);
			}
			ZmqSocketFactory factory = context.getBean(ZmqSocketFactory.class);
			assertThat(factory.getFailures().getFailures()).as("JeroMQ threads and actors alive").isEmpty();
			HealthIndicator health = (HealthIndicator) context.getBean(ZmqHealthContributor.class)
				.getContributor(ZmqHealthContributor.CONTEXT);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		});
	}

	private ApplicationContextRunner configure(Kind kind, int front, int back, int spare) {
		String frontend = "tcp://127.0.0.1:" + front;
		String backend = "tcp://127.0.0.1:" + back;
		return switch (kind) {
			case FORWARDER -> this.runner.withPropertyValues("zmq.proxies.target.type=forwarder",
					"zmq.proxies.target.frontend=@" + frontend, "zmq.proxies.target.backend=@" + backend);
			case LAST_VALUE_CACHE -> this.runner.withPropertyValues("zmq.proxies.target.type=last-value-cache",
					"zmq.proxies.target.frontend=@" + frontend, "zmq.proxies.target.backend=@" + backend);
			case TEMPLATE_PUBLISHER -> this.runner;
			case CLONE_PUBLISHER -> this.runner.withPropertyValues("zmq.clone.servers.target.bind=" + backend,
					"zmq.clone.servers.target.heartbeat=200ms");
			case BINARY_STAR_STATE -> this.runner.withPropertyValues("zmq.binary-star.role=primary",
					"zmq.binary-star.local=" + backend, "zmq.binary-star.remote=tcp://127.0.0.1:" + spare,
					"zmq.binary-star.heartbeat=200ms");
			case PEERING_STATE -> this.runner.withPropertyValues("zmq.brokers.target.type=load-balancing",
					"zmq.brokers.target.frontend=" + frontend, "zmq.brokers.target.backend=tcp://127.0.0.1:*",
					"zmq.brokers.target.state-endpoint=" + backend, "zmq.brokers.target.cloud-endpoint=tcp://127.0.0.1:*",
					"zmq.brokers.target.state-interval=200ms", "zmq.brokers.target.peers.b.state=tcp://127.0.0.1:" + spare,
					"zmq.brokers.target.peers.b.cloud=tcp://127.0.0.1:" + (back + 2));
		};
	}

	private static ZmqManagedComponent component(AssertableApplicationContext context, Kind kind) {
		return switch (kind) {
			case FORWARDER, LAST_VALUE_CACHE -> context.getBean(ZmqProxy.class);
			case CLONE_PUBLISHER -> context.getBean(CloneServer.class);
			case BINARY_STAR_STATE -> context.getBean(BinaryStar.class);
			case PEERING_STATE -> context.getBean(ZmqBroker.class);
			case TEMPLATE_PUBLISHER -> null;
		};
	}

	/** The counters of the component that owns the attacked publisher; none for the template's relay. */
	private static ZmqCounters counters(AssertableApplicationContext context, Kind kind) {
		ZmqManagedComponent component = component(context, kind);
		return (component != null) ? component.getCounters() : null;
	}

	/**
	 * One attacking connection: it sends its subscriptions and must be cut. The publisher keeps
	 * publishing meanwhile: JeroMQ reads a publisher's subscriptions only when its owner uses it, so an
	 * idle one just stops reading the peer (TCP back-pressure) once its pipe holds receive-hwm of them.
	 */
	private static void attack(String endpoint, Runnable nudge, int length, int count, long seed) {
		try (PythonPeer attacker = PythonPeer.script("sub_flood.py")
			.option("connect", endpoint)
			.option("length", length)
			.option("count", count)
			.option("seed", seed)
			.option("hold", 20)
			.option("seconds", 45)
			.start()) {
			attacker.awaitReady(WAIT);
			await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
				nudge.run();
				return attacker.lines().stream().anyMatch((line) -> line.startsWith("CUT"));
			});
			System.out.println(endpoint + " length " + length + " count " + count + ": " + attacker.awaitLine("CUT", WAIT));
		}
	}

	/** A normal subscriber (everything) connects and gets a message within the wait. */
	private static void assertServed(String endpoint, Runnable nudge) {
		try (ZContext context = new ZContext(); ZMQ.Socket sub = context.createSocket(SocketType.SUB)) {
			sub.setHandshakeIvl(1000);
			sub.setReceiveTimeOut(100);
			sub.subscribe(new byte[0]);
			sub.connect(endpoint);
			await().atMost(WAIT).until(() -> {
				nudge.run();
				return sub.recv() != null;
			});
		}
	}

}
