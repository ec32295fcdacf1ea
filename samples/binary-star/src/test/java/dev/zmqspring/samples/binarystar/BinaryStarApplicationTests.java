package dev.zmqspring.samples.binarystar;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.binarystar.BinaryStarState;
import dev.zmqspring.core.ZmqTemplate;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sample's primary and backup profiles as a pair, and a client that keeps getting answers. */
class BinaryStarApplicationTests {

	@Test
	void theClientIsAnsweredByThePrimaryThenByTheBackupWhenThePrimaryStops() throws IOException {
		int primaryFront = freePort();
		int backupFront = freePort();
		int primaryState = freePort();
		int backupState = freePort();
		try (ConfigurableApplicationContext backup = peer("backup", backupFront, backupState, primaryState)) {
			ConfigurableApplicationContext primary = peer("primary", primaryFront, primaryState, backupState);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> backup.getBean(BinaryStar.class).getPairState() == BinaryStarState.PASSIVE);
			ZmqTemplate zmq = backup.getBean(ZmqTemplate.class);
			String pair = "tcp://127.0.0.1:" + primaryFront + "|tcp://127.0.0.1:" + backupFront;
			assertThat(zmq.request(pair, "one", String.class)).isEqualTo("primary: one");
			primary.close();
			assertThat(zmq.request(pair, "two", String.class)).isEqualTo("backup: two");
			assertThat(backup.getBean(BinaryStar.class).getPairState()).isEqualTo(BinaryStarState.ACTIVE);
		}
	}

	private static ConfigurableApplicationContext peer(String profile, int front, int local, int remote) {
		// main(): in AOT mode the application's generated initializer is looked up by the main class
		return new SpringApplicationBuilder(BinaryStarApplication.class).main(BinaryStarApplication.class).web(WebApplicationType.NONE)
			.profiles(profile)
			// arguments, not default properties: they must win over the profile's ports in application.yml
			.run("--sample.frontend=tcp://127.0.0.1:" + front, "--zmq.binary-star.local=tcp://127.0.0.1:" + local,
					"--zmq.binary-star.remote=tcp://127.0.0.1:" + remote);
	}

}
