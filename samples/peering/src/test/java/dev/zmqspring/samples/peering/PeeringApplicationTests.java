package dev.zmqspring.samples.peering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.broker.ZmqBroker;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The three profiles of the sample in one JVM: clients of every broker served by north's workers. */
class PeeringApplicationTests {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void theClientsOfAllThreeBrokersAreAnsweredByNorthsWorkers() {
		List<String> ports = new ArrayList<>();
		for (String broker : List.of("north", "south", "east")) {
			for (String side : List.of("frontend", "backend", "state", "cloud")) {
				ports.add("--peering." + broker + "." + side + "=" + freePort());
			}
		}
		ports.add("--peering.requests=0");
		ports.add("--zmq.template.request-timeout=1s");
		ports.add("--zmq.template.request-retries=20");
		for (String profile : List.of("north", "south", "east")) {
			this.contexts.add(new SpringApplicationBuilder(PeeringApplication.class).main(PeeringApplication.class).profiles(profile)
				.run(ports.toArray(String[]::new)));
		}
		for (ConfigurableApplicationContext context : this.contexts) {
			ZmqBroker broker = context.getBean(ZmqBroker.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> broker.getPeers().size() == 2);
		}
		Set<String> answered = new HashSet<>();
		for (ConfigurableApplicationContext context : this.contexts) {
			for (String reply : context.getBean(Clients.class).run("HELLO", 10)) {
				assertThat(reply).startsWith("north: ");
				assertThat(answered.add(reply)).isTrue();
			}
		}
		assertThat(answered).hasSize(30);
	}

}
