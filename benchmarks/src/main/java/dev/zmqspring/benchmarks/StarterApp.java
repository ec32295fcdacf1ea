package dev.zmqspring.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Boots the starter side of a benchmark as a user would get it: a Spring Boot application with the
 * auto-configuration, {@code zmq.*} properties at their defaults unless a benchmark sets its
 * endpoints, and the benchmark's own {@code @ZmqWorker}/{@code @ZmqSubscriber} beans.
 */
public final class StarterApp {

	private StarterApp() {
	}

	/**
	 * Starts an application.
	 * @param configuration a {@code @SpringBootConfiguration @EnableAutoConfiguration} class
	 * @param properties extra {@code key=value} properties
	 * @return the running context; close it in the benchmark's tear-down
	 */
	public static ConfigurableApplicationContext start(Class<?> configuration, String... properties)
			throws InterruptedException {
		List<String> all = new ArrayList<>(List.of("logging.level.root=WARN", "spring.main.lazy-initialization=false"));
		all.addAll(List.of(properties));
		SpringApplicationBuilder builder = new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(all.toArray(String[]::new));
		// Start on a thread of its own, as an application starts on its main thread and is then called
		// from other threads: starting it on the benchmark thread would leave that thread's
		// ThreadLocalMap full of Spring's stale startup entries and slow every ThreadLocal lookup on
		// it (the template's and JeroMQ's alike) in a way no real caller sees.
		CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
		Thread main = new Thread(() -> {
			try {
				started.complete(builder.run());
			}
			catch (Throwable ex) {
				started.completeExceptionally(ex);
			}
		}, "starter-main");
		main.start();
		try {
			return started.get();
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * An application with the auto-configuration only: everything it runs comes from {@code zmq.*}
	 * properties (a broker, the template, the Majordomo client).
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class AutoConfigured {

	}

}
