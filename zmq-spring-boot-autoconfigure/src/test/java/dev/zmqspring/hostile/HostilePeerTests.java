package dev.zmqspring.hostile;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zeromq.SocketType;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqBrokerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqMajordomoAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqProxyAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.listener.ZmqListenerRegistry;
import dev.zmqspring.majordomo.MajordomoClient;
import dev.zmqspring.test.PythonPeer;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22: hostile peers must not take a service down. Every component kind that binds (REP, ROUTER
 * and PULL listeners; forwarder, queue and streamer proxies; load-balancing, Paranoid Pirate and
 * Majordomo brokers) gets 1,000 hostile connections from {@code hostile_peer.py}, spread over all its
 * bound ports (random bytes, 10 MB blobs, greetings followed by frames claiming 2^62, 2^31-1,
 * 100 MB or a size with the top bit set, bogus flags, bad versions and mechanisms, a READY followed by
 * a 100 MB claim) plus 50
 * connections that send half a greeting and hang. Then a normal request must be served within its
 * usual timeout (2.5 s), heap plus direct memory after GC must stay within {@value #MEMORY_BOUND_MB}
 * MB of the baseline taken right before the attack, and the process's open socket descriptors must
 * come back to that baseline ± {@value #FD_TOLERANCE} within 30 s. The same with the cap raised to
 * 16 MB. Numbers measured are in docs/network.md.
 */
class HostilePeerTests {

	private static final long MEMORY_BOUND_MB = 100;

	private static final long FD_TOLERANCE = 10;

	private static final Duration USUAL_TIMEOUT = Duration.ofMillis(2500);

	private static final Duration KIT_TIMEOUT = Duration.ofSeconds(150);

	enum Kind {

		REP_LISTENER, ROUTER_LISTENER, PULL_LISTENER, FORWARDER, QUEUE, STREAMER, LOAD_BALANCING, PARANOID_PIRATE,
		MAJORDOMO

	}

	@BeforeAll
	static void python() {
		PythonPeer.assumeAvailable();
	}

	static Stream<Arguments> components() {
		List<Arguments> all = new ArrayList<>();
		for (Kind kind : Kind.values()) {
			all.add(Arguments.of(kind, "defaults"));
		}
		// the cap raised explicitly: a listener (global setting) and a broker (its own setting)
		all.add(Arguments.of(Kind.REP_LISTENER, "zmq.max-message-size=16MB"));
		all.add(Arguments.of(Kind.MAJORDOMO, "zmq.brokers.target.max-message-size=16MB"));
		String only = System.getenv("HOSTILE_ONLY"); // e.g. FORWARDER, to run one kind while diagnosing
		return all.stream().filter((a) -> only == null || a.get()[0].toString().equals(only));
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class, ZmqAutoConfiguration.class,
				ZmqListenerAutoConfiguration.class, ZmqProxyAutoConfiguration.class, ZmqBrokerAutoConfiguration.class,
				ZmqMajordomoAutoConfiguration.class))
		.withPropertyValues("zmq.template.request-timeout=" + USUAL_TIMEOUT.toMillis() + "ms",
				"zmq.template.request-retries=0", "zmq.majordomo.request-timeout=" + USUAL_TIMEOUT.toMillis() + "ms",
				"zmq.majordomo.request-retries=0");

	@ParameterizedTest(name = "{0}, {1}")
	@MethodSource("components")
	void componentSurvivesHostilePeers(Kind kind, String setting) throws Exception {
		int front = freePort();
		int back = freePort();
		String frontend = "tcp://127.0.0.1:" + front;
		String backend = "tcp://127.0.0.1:" + back;
		ApplicationContextRunner configured = configure(kind, this.runner
			.withPropertyValues("hostile.frontend=" + frontend, "hostile.backend=" + backend));
		if (!setting.equals("defaults")) {
			configured = configured.withPropertyValues(setting);
		}
		configured.run((context) -> {
			assertThat(context).hasNotFailed();
			ZmqManagedComponent component = component(context, kind);
			List<Integer> ports = switch (kind) {
				case REP_LISTENER, ROUTER_LISTENER, PULL_LISTENER -> List.of(port(component.getEndpoints().get(0)));
				case MAJORDOMO -> List.of(front);
				default -> List.of(front, back);
			};
			Runnable normalRequest = normalRequest(context, kind, frontend);
			// the service works before the attack (workers registered, subscriptions forwarded)
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(normalRequest::run);
			attack(kind + ", " + setting, ports, normalRequest);
			assertThat(component.getCounters().getConnectionsRejected()).as("rejected connections counted")
				.isGreaterThan(500);
			assertThat(component.getCounters().getConnectionsOpen()).as("open connections gauge")
				.isLessThan(20);
		});
	}

	/**
	 * The documented limit (docs/network.md): JeroMQ 0.6.0 stops its handshake timer once the 64-byte
	 * greeting is in, so a peer that greets and then stays silent keeps its connection until it
	 * leaves. The service keeps working meanwhile, the open-connections gauge shows them, and the
	 * descriptors come back when the peer goes. If a JeroMQ upgrade closes them, this test says so.
	 */
	@org.junit.jupiter.api.Test
	void aPeerThatGreetsAndThenStaysSilentHoldsOneConnectionUntilItLeaves() {
		this.runner.withUserConfiguration(RepApp.class).run((context) -> {
			Runnable normalRequest = normalRequest(context, Kind.REP_LISTENER, null);
			normalRequest.run();
			ZmqManagedComponent component = component(context, Kind.REP_LISTENER);
			// the actor reads its connection monitor once a second: wait until it counted the request's connection
			await().atMost(Duration.ofSeconds(5)).until(() -> component.getCounters().getConnectionsOpen() > 0);
			long open = component.getCounters().getConnectionsOpen();
			String port = String.valueOf(port(component.getEndpoints().get(0)));
			System.gc();
			long baselineFds = socketFds();
			try (PythonPeer kit = PythonPeer.script("hostile_peer.py").option("port", port).option("connections", "0")
					.option("hang", "0").option("greeting-hang", "20").option("hold", "6").option("seconds", "30")
					.start()) {
				kit.awaitReady(Duration.ofSeconds(30)); // python starts slowly on a busy machine
				kit.awaitLine("HANGING 20", Duration.ofSeconds(10));
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(component.getCounters().getConnectionsOpen()).isEqualTo(open + 20));
				normalRequest.run();
				String hung = kit.awaitLine("HUNG ", Duration.ofSeconds(30));
				System.out.println("hostile greeting-then-silence: " + hung);
				assertThat(hung).as("JeroMQ 0.6.0 keeps them past the handshake interval").contains("closed=0", "open=20");
				kit.awaitLine("DONE", Duration.ofSeconds(10));
			}
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				System.gc();
				assertThat(socketFds()).isLessThanOrEqualTo(baselineFds + FD_TOLERANCE);
				assertThat(component.getCounters().getConnectionsOpen()).isEqualTo(open);
			});
		});
	}

	private static ApplicationContextRunner configure(Kind kind, ApplicationContextRunner runner) {
		return switch (kind) {
			case REP_LISTENER -> runner.withUserConfiguration(RepApp.class);
			case ROUTER_LISTENER -> runner.withUserConfiguration(RouterApp.class);
			case PULL_LISTENER -> runner.withUserConfiguration(PullApp.class);
			case FORWARDER -> runner.withUserConfiguration(SubscriberApp.class)
				.withPropertyValues("zmq.proxies.target.type=forwarder", "zmq.proxies.target.frontend=@${hostile.frontend}",
						"zmq.proxies.target.backend=@${hostile.backend}");
			case QUEUE -> runner.withUserConfiguration(QueueWorkerApp.class)
				.withPropertyValues("zmq.proxies.target.type=queue", "zmq.proxies.target.frontend=@${hostile.frontend}",
						"zmq.proxies.target.backend=@${hostile.backend}");
			case STREAMER -> runner.withUserConfiguration(StreamWorkerApp.class)
				.withPropertyValues("zmq.proxies.target.type=streamer", "zmq.proxies.target.frontend=@${hostile.frontend}",
						"zmq.proxies.target.backend=@${hostile.backend}");
			case LOAD_BALANCING -> runner.withUserConfiguration(LoadBalancingWorkerApp.class)
				.withPropertyValues("zmq.brokers.target.type=load-balancing",
						"zmq.brokers.target.frontend=${hostile.frontend}", "zmq.brokers.target.backend=${hostile.backend}");
			case PARANOID_PIRATE -> runner.withUserConfiguration(ParanoidPirateWorkerApp.class)
				.withPropertyValues("zmq.brokers.target.type=paranoid-pirate",
						"zmq.brokers.target.frontend=${hostile.frontend}", "zmq.brokers.target.backend=${hostile.backend}");
			case MAJORDOMO -> runner.withUserConfiguration(MajordomoWorkerApp.class)
				.withPropertyValues("zmq.brokers.target.type=majordomo", "zmq.brokers.target.endpoint=${hostile.frontend}",
						"zmq.majordomo.endpoint=${hostile.frontend}");
		};
	}

	private static ZmqManagedComponent component(AssertableApplicationContext context, Kind kind) {
		return switch (kind) {
			case REP_LISTENER, ROUTER_LISTENER, PULL_LISTENER ->
				context.getBean(ZmqListenerRegistry.class).getListenerContainer("target");
			default -> context.getBeansOfType(ZmqManagedComponent.class)
				.values()
				.stream()
				.filter((c) -> c.getName().equals("target"))
				.findFirst()
				.orElseThrow();
		};
	}

	private static Runnable normalRequest(AssertableApplicationContext context, Kind kind, String frontend) {
		ZmqTemplate template = context.getBean(ZmqTemplate.class);
		return switch (kind) {
			case REP_LISTENER, ROUTER_LISTENER -> {
				String endpoint = context.getBean(ZmqListenerRegistry.class).getEndpoints("target").get(0);
				yield () -> assertThat(template.request(endpoint, "ping", String.class)).isEqualTo("pong ping");
			}
			case QUEUE, LOAD_BALANCING, PARANOID_PIRATE ->
				() -> assertThat(template.request(frontend, "ping", String.class)).isEqualTo("pong ping");
			case MAJORDOMO -> {
				MajordomoClient client = context.getBean(MajordomoClient.class);
				yield () -> assertThat(client.request("echo", "ping", String.class)).isEqualTo("pong ping");
			}
			case PULL_LISTENER -> {
				String endpoint = context.getBean(ZmqListenerRegistry.class).getEndpoints("target").get(0);
				BlockingQueue<String> received = context.getBean(PullApp.class).received;
				yield () -> {
					template.push(endpoint, "ping");
					// the first message after the push is ours: no hostile bytes reach the handler
					assertThat(poll(received, USUAL_TIMEOUT)).isEqualTo("ping");
				};
			}
			case STREAMER -> {
				BlockingQueue<String> received = context.getBean(StreamWorkerApp.class).received;
				yield () -> {
					template.push(frontend, "ping");
					assertThat(poll(received, USUAL_TIMEOUT)).isEqualTo("ping");
				};
			}
			case FORWARDER -> {
				BlockingQueue<String> received = context.getBean(SubscriberApp.class).received;
				// pub-sub is lossy by design (a fresh PUB connection drops until the proxy knows the
				// subscription): publish every 100 ms until one arrives, within the usual timeout
				yield () -> {
					received.clear();
					long deadline = System.nanoTime() + USUAL_TIMEOUT.toNanos();
					String got = null;
					while (got == null && System.nanoTime() < deadline) {
						template.publish(">" + frontend, "t", "ping"); // a PUB binds by default
						got = poll(received, Duration.ofMillis(100));
					}
					assertThat(got).isEqualTo("t=ping");
				};
			}
		};
	}

	/** Runs the kit against the ports and checks the service, memory and descriptors. */
	static void attack(String label, List<Integer> ports, Runnable normalRequest) throws Exception {
		String portList = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
		long baselineMemory = memoryAfterGc();
		long baselineFds = socketFds();
		long started = System.nanoTime();
		String during;
		try (PythonPeer kit = PythonPeer.script("hostile_peer.py").option("port", portList)
				.option("connections", "1000").option("parallel", "50").option("hang", "50").option("hold", "20")
				.option("io-timeout", "5").option("seconds", "120").start()) {
			kit.awaitReady(Duration.ofSeconds(30)); // python starts slowly on a busy machine
			String attacked = kit.awaitLine("ATTACKED ", KIT_TIMEOUT);
			// measured, not asserted: the kit's last connections may still be open here
			try {
				normalRequest.run();
				during = "served";
			}
			catch (RuntimeException | AssertionError ex) {
				during = "NOT served (" + ex.getMessage().lines().findFirst().orElse("") + ")";
			}
			String hung = kit.awaitLine("HUNG ", KIT_TIMEOUT);
			kit.awaitLine("DONE", Duration.ofSeconds(10));
			System.out.printf("hostile %s: %s; %s; request during the attack %s; %.1f s%n", label, attacked, hung,
					during, (System.nanoTime() - started) / 1e9);
			assertThat(attacked).contains("refused=0");
			// the server closed every half greeting itself (handshake interval), none was left open
			assertThat(hung).contains("closed=50", "open=0");
		}
		long served = System.nanoTime();
		normalRequest.run();
		long requestMillis = (System.nanoTime() - served) / 1_000_000;
		long fdStart = System.nanoTime();
		// descriptors of earlier tests in this JVM may be released by GC meanwhile: only a growth fails
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			System.gc();
			assertThat(socketFds()).as("open socket fds, baseline " + baselineFds)
				.isLessThanOrEqualTo(baselineFds + FD_TOLERANCE);
		});
		long fdMillis = (System.nanoTime() - fdStart) / 1_000_000;
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			long grown = (memoryAfterGc() - baselineMemory) / (1024 * 1024);
			assertThat(grown).as("heap + direct memory growth in MB").isLessThan(MEMORY_BOUND_MB);
		});
		System.out.printf("hostile %s: request after %d ms; socket fds %d -> %d (after %d ms); memory %+d MB; %.1f s%n",
				label, requestMillis, baselineFds, socketFds(), fdMillis,
				(memoryAfterGc() - baselineMemory) / (1024 * 1024), (System.nanoTime() - started) / 1e9);
	}

	static long memoryAfterGc() {
		System.gc();
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
			.stream()
			.filter((pool) -> pool.getName().equals("direct"))
			.mapToLong(BufferPoolMXBean::getMemoryUsed)
			.sum();
		return heap + direct;
	}

	/**
	 * Open socket descriptors of this process ({@code socket:[inode]} links in /proc/self/fd): the
	 * connections, listeners and JeroMQ's signalers. Files (jars, logs) opened by other parts of the
	 * build are not counted.
	 */
	static long socketFds() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.filter((fd) -> {
				try {
					return Files.readSymbolicLink(fd).toString().startsWith("socket:");
				}
				catch (IOException ex) {
					return false; // closed while listing (e.g. the list itself)
				}
			}).count();
		}
	}

	static int port(String endpoint) {
		return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
	}

	static String poll(BlockingQueue<String> queue, Duration timeout) {
		try {
			return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class RepApp {

		@ZmqWorker(id = "target", endpoints = "tcp://127.0.0.1:*")
		String echo(String request) {
			return "pong " + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RouterApp {

		@ZmqWorker(id = "target", endpoints = "tcp://127.0.0.1:*", type = SocketType.ROUTER)
		String echo(String request) {
			return "pong " + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PullApp {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@ZmqWorker(id = "target", endpoints = "tcp://127.0.0.1:*", type = SocketType.PULL)
		void take(String message) {
			this.received.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SubscriberApp {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@ZmqSubscriber(id = "subscriber", endpoints = ">${hostile.backend}", topics = "t")
		void take(@dev.zmqspring.annotation.ZmqTopic String topic, String message) {
			this.received.add(topic + "=" + message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QueueWorkerApp {

		@ZmqWorker(id = "worker", endpoints = ">${hostile.backend}")
		String echo(String request) {
			return "pong " + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StreamWorkerApp {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@ZmqWorker(id = "worker", endpoints = ">${hostile.backend}", type = SocketType.PULL)
		void take(String message) {
			this.received.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LoadBalancingWorkerApp {

		@ZmqWorker(id = "worker", endpoints = ">${hostile.backend}", protocol = "load-balancing")
		String echo(String request) {
			return "pong " + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ParanoidPirateWorkerApp {

		@ZmqWorker(id = "worker", endpoints = ">${hostile.backend}", protocol = "paranoid-pirate")
		String echo(String request) {
			return "pong " + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MajordomoWorkerApp {

		@ZmqWorker(id = "worker", service = "echo")
		String echo(String request) {
			return "pong " + request;
		}

	}

}
