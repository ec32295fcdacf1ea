package dev.zmqspring.hostile;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zeromq.SocketType;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerRegistry;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22: hostile peers must not take a service down. Each component kind that binds gets 1,000
 * hostile connections from {@code hostile_peer.py} (random bytes, 10 MB blobs, greetings followed by
 * frames claiming 2^62, 2^31-1 or 100 MB, bogus flags, bad versions and mechanisms) plus 50
 * connections that send half a greeting and hang; then a normal request must be served within its
 * usual timeout, heap plus direct memory after GC must stay within {@value #MEMORY_BOUND_MB} MB of
 * the baseline, and open file descriptors must come back to the baseline ± 10 within 30 s.
 */
class HostilePeerTests {

	private static final long MEMORY_BOUND_MB = 100;

	private static final Duration KIT_TIMEOUT = Duration.ofSeconds(150);

	@BeforeAll
	static void python() {
		PythonPeer.assumeAvailable();
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class, ZmqAutoConfiguration.class,
				ZmqListenerAutoConfiguration.class))
		.withPropertyValues("zmq.template.request-timeout=2500ms", "zmq.template.request-retries=0");

	@ParameterizedTest(name = "{0} listener, {1}")
	@CsvSource({ "REP, defaults", "ROUTER, defaults", "PULL, defaults", "REP, zmq.max-message-size=16MB" })
	void listenerSurvivesHostilePeers(SocketType type, String setting) {
		Class<?> app = switch (type) {
			case REP -> RepApp.class;
			case ROUTER -> RouterApp.class;
			default -> PullApp.class;
		};
		ApplicationContextRunner configured = setting.equals("defaults") ? this.runner
				: this.runner.withPropertyValues(setting);
		configured.withUserConfiguration(app).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			String endpoint = registry.getEndpoints("target").get(0);
			Runnable normalRequest = switch (type) {
				case PULL -> () -> {
					template.push(endpoint, "ping");
					assertThat(poll(context.getBean(PullApp.class).received)).isEqualTo("ping");
				};
				default -> () -> assertThat(template.request(endpoint, "ping", String.class)).isEqualTo("pong ping");
			};
			normalRequest.run();
			ZmqCounters counters = registry.getListenerContainer("target").getCounters();
			attack(endpoint, normalRequest);
			assertThat(registry.getListenerContainer("target").getCounters().getConnectionsRejected())
				.as("rejected connections counted").isGreaterThan(100);
			assertThat(counters).isNotNull();
		});
	}

	/** Runs the kit against the endpoint's port and checks the service, memory and descriptors. */
	static void attack(String endpoint, Runnable normalRequest) throws Exception {
		String port = endpoint.substring(endpoint.lastIndexOf(':') + 1);
		long baselineMemory = memoryAfterGc();
		long baselineFds = openFds();
		long started = System.nanoTime();
		try (PythonPeer kit = PythonPeer.start("hostile_peer.py", "--port", port, "--connections", "1000",
				"--parallel", "50", "--hang", "50", "--hold", "20", "--io-timeout", "5", "--seconds", "120")) {
			kit.awaitReady(Duration.ofSeconds(10));
			String attacked = kit.awaitLine("ATTACKED ", KIT_TIMEOUT);
			// measured, not asserted (see docs/network.md, "not done"): while the kit's last connections
			// are still open, REP and PULL listeners were seen to miss the usual timeout
			String during;
			try {
				normalRequest.run();
				during = "served";
			}
			catch (RuntimeException | AssertionError ex) {
				during = "NOT served: " + ex.getMessage();
			}
			System.out.println("hostile " + endpoint + ": request during the attack " + during);
			String hung = kit.awaitLine("HUNG ", KIT_TIMEOUT);
			kit.awaitLine("DONE", Duration.ofSeconds(10));
			System.out.printf("hostile %s: %s; %s; %.1f s%n", endpoint, attacked, hung,
					(System.nanoTime() - started) / 1e9);
			assertThat(attacked).contains("refused=0");
			// the server closed every half greeting itself (handshake interval), none was left open
			assertThat(hung).contains("closed=50", "open=0");
		}
		normalRequest.run();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			long fds = openFds();
			assertThat(fds).as("open fds, baseline " + baselineFds).isBetween(baselineFds - 10, baselineFds + 10);
		});
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			long grown = (memoryAfterGc() - baselineMemory) / (1024 * 1024);
			assertThat(grown).as("heap + direct memory growth in MB").isLessThan(MEMORY_BOUND_MB);
		});
		System.out.printf("hostile %s: fds %d -> %d, memory +%d MB%n", endpoint, baselineFds, openFds(),
				(memoryAfterGc() - baselineMemory) / (1024 * 1024));
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

	static long openFds() throws Exception {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

	static String poll(BlockingQueue<String> queue) {
		try {
			return queue.poll(2500, TimeUnit.MILLISECONDS);
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

}
