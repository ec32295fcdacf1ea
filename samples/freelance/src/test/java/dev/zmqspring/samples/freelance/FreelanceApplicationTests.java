package dev.zmqspring.samples.freelance;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.freelance.FreelanceServerStatus;
import dev.zmqspring.listener.ZmqListenerRegistry;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/** The sample end to end: three name servers, one killed and restarted while the client resolves. */
@SpringBootTest(properties = "names.lookups=0")
class FreelanceApplicationTests {

	@DynamicPropertySource
	static void ports(DynamicPropertyRegistry registry) {
		// a supplier is read on every resolution: take each port once
		int a = freePort();
		int b = freePort();
		int c = freePort();
		registry.add("names.port-a", () -> a);
		registry.add("names.port-b", () -> b);
		registry.add("names.port-c", () -> c);
	}

	@Autowired
	NameResolver resolver;

	@Autowired
	FreelanceClient names;

	@Autowired
	ZmqListenerRegistry registry;

	@Test
	void namesResolveWhileAServerIsKilledAndRestarted() {
		assertThat(this.resolver.resolve("weather")).startsWith("tcp://weather.example:5556 (from ");
		this.registry.stop("name-server-a");
		this.registry.stop("name-server-b");
		for (int i = 0; i < 50; i++) {
			assertThat(this.resolver.resolve("weather")).isEqualTo("tcp://weather.example:5556 (from c)");
		}
		this.registry.start("name-server-a");
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.names.getServers().stream()
			.anyMatch((server) -> server.alive() && server.endpoint().endsWith(":" + port(0))));
		this.registry.stop("name-server-c");
		assertThat(this.resolver.resolve("echo")).isEqualTo("tcp://echo.example:5555 (from a)");
		assertThat(this.names.getServers()).extracting(FreelanceServerStatus::endpoint).hasSize(3);
	}

	private String port(int index) {
		return this.names.getServers().get(index).endpoint().replaceAll(".*:", "");
	}

}
