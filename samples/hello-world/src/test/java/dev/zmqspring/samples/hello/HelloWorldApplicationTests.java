package dev.zmqspring.samples.hello;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.zmqspring.listener.ZmqListenerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sample's ten round trips run during startup; the server is an ephemeral-port REP worker. */
@SpringBootTest(properties = "hello.endpoint=tcp://127.0.0.1:*")
@ExtendWith(OutputCaptureExtension.class)
class HelloWorldApplicationTests {

	@Autowired
	ZmqListenerRegistry listeners;

	@Test
	void tenHelloWorldRoundTrips(CapturedOutput output) {
		for (int i = 0; i < 10; i++) {
			assertThat(output.getOut()).contains("Received World " + i);
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.listeners.getListenerContainer("hello").getCounters().getHandled()).isEqualTo(10));
	}

}
