package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;

import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.clone.ZmqCloneChangedEvent;
import dev.zmqspring.clone.ZmqCloneListener;
import dev.zmqspring.clone.ZmqCloneMap;

import static dev.zmqspring.test.ZmqTestPorts.freePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ZmqCloneAutoConfiguration} (Guide ch.5 Clone): servers and typed {@link ZmqCloneMap}
 * beans from {@code zmq.clone.*}, {@code @ZmqCloneListener} methods, and startup failures that
 * name the offending property.
 */
class ZmqCloneAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqBinaryStarAutoConfiguration.class,
					ZmqCloneAutoConfiguration.class));

	@Test
	void aServerAndAMapFromPropertiesShareTheMapAndTellTheListener() {
		int port = freePorts(3);
		this.runner.withUserConfiguration(Listening.class)
			.withPropertyValues("zmq.clone.servers.config.bind=tcp://127.0.0.1:" + port,
					"zmq.clone.servers.config.heartbeat=100ms",
					"zmq.clone.clients.settings.servers=tcp://127.0.0.1:" + port,
					"zmq.clone.clients.settings.subtree=/app/")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(CloneServer.class);
				assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(ZmqCloneMap.class, String.class)))
					.containsExactly("zmqCloneMap.settings");
				@SuppressWarnings("unchecked")
				ZmqCloneMap<String> map = context.getBean(ZmqCloneMap.class);
				assertThat(map.awaitSnapshot(Duration.ofSeconds(10))).isTrue();
				map.set("/app/colour", "blue");
				map.set("/other/ignored", "x");
				await().atMost(Duration.ofSeconds(10)).until(() -> "blue".equals(map.get("/app/colour")));
				Listening listening = context.getBean(Listening.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> !listening.events.isEmpty());
				assertThat(listening.events.get(0).getKey()).isEqualTo("/app/colour");
				assertThat(map.asMap()).containsOnlyKeys("/app/colour");
				assertThat(map.getDetails()).containsKeys("connectedServer", "lastSequence", "lag");
				assertThat(context.getBean(CloneServer.class).getDetails()).containsEntry("state", "STANDALONE")
					.containsEntry("keys", 2);
			});
	}

	@Test
	void misconfigurationFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.clone.clients.c.subtree=/x")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.clone.clients.c.servers"));
		this.runner.withPropertyValues("zmq.clone.clients.c.servers=tcp://host-without-port")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.clone.clients.c.servers"));
		this.runner.withPropertyValues("zmq.clone.servers.s.heartbeat=1s")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.clone.servers.s.bind"));
		this.runner.withPropertyValues("zmq.clone.servers.s.bind=tcp://*:5556", "zmq.clone.servers.s.binary-star=true")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("zmq.clone.servers.s.binary-star"));
		this.runner
			.withPropertyValues("zmq.clone.servers.s.bind=tcp://*:5556", "zmq.clone.servers.s.binary-star=true",
					"zmq.binary-star.role=primary", "zmq.binary-star.local=tcp://*:5003",
					"zmq.binary-star.remote=tcp://127.0.0.1:5004")
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("zmq.clone.servers.s.peer"));
	}

	@Test
	void aListenerNamingNoMapFailsTheStartup() {
		this.runner.withUserConfiguration(Orphan.class)
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("nowhere"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Listening {

		final List<ZmqCloneChangedEvent> events = new CopyOnWriteArrayList<>();

		@ZmqCloneListener("settings")
		void changed(ZmqCloneChangedEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Orphan {

		@ZmqCloneListener("nowhere")
		void changed(ZmqCloneChangedEvent event) {
		}

	}

}
