package dev.zmqspring.actuate;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqHealthContributorAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerRegistry;
import dev.zmqspring.support.ZmqFailures;
import dev.zmqspring.support.ZmqSocketFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issues 37 and 38: what dies in the context cannot hide. The {@code zmq.context} health component
 * is UP while nothing died, and DOWN with what died once a JeroMQ thread or an actor did: here a
 * listener whose handler runs out of memory (which the listener does not treat as an ordinary handler
 * failure) and a JeroMQ thread's uncaught exception.
 */
class ZmqContextHealthTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class,
				ZmqHealthContributorAutoConfiguration.class));

	@Test
	void anOutOfMemoryErrorInAHandlerStopsTheListenerAndTurnsTheContextDown() {
		this.runner.withUserConfiguration(Starving.class).run((context) -> {
			HealthIndicator health = contextHealth(context.getBean(ZmqHealthContributor.class));
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			String endpoint = registry.getListenerContainer("starving").getEndpoints().get(0);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.push(endpoint, "ordinary");
			template.push(endpoint, "starve");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> registry.getListenerContainer("starving").getState() == ZmqActorState.FAILED);
			Health down = health.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("failures", 1L);
			@SuppressWarnings("unchecked")
			List<ZmqFailures.Failure> died = (List<ZmqFailures.Failure>) down.getDetails().get("died");
			assertThat(died).singleElement().satisfies((failure) -> {
				assertThat(failure.where()).contains("starving");
				assertThat(failure.error()).isEqualTo(OutOfMemoryError.class.getName());
			});
			assertThat(context.getBean(Starving.class).ordinary).isEqualTo(1);
		});
	}

	@Test
	void aDeadJeroMqThreadTurnsTheContextDown() {
		this.runner.run((context) -> {
			ZContext zmq = context.getBean(ZContext.class);
			HealthIndicator health = contextHealth(context.getBean(ZmqHealthContributor.class));
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(zmq.getUncaughtExceptionHandler()).as("installed on the context")
				.isSameAs(context.getBean(ZmqSocketFactory.class).getFailures());
			// what JeroMQ does when one of its threads throws (e.g. StackOverflowError in the reaper)
			Thread reaper = new Thread(() -> { }, "reaper-1");
			zmq.getUncaughtExceptionHandler().uncaughtException(reaper, new StackOverflowError());
			Health down = health.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("failures", 1L);
			assertThat(down.getDetails().get("died").toString()).contains("JeroMQ thread 'reaper-1'",
					StackOverflowError.class.getName());
		});
	}

	private static HealthIndicator contextHealth(ZmqHealthContributor contributor) {
		assertThat(contributor.stream().map((entry) -> entry.name())).contains(ZmqHealthContributor.CONTEXT);
		return (HealthIndicator) contributor.getContributor(ZmqHealthContributor.CONTEXT);
	}

	@Configuration(proxyBeanMethods = false)
	static class Starving {

		volatile int ordinary;

		@ZmqWorker(id = "starving", endpoints = "tcp://127.0.0.1:*", type = SocketType.PULL)
		void work(String task) {
			if ("starve".equals(task)) {
				throw new OutOfMemoryError("simulated: Java heap space");
			}
			this.ordinary++;
		}

	}

}
