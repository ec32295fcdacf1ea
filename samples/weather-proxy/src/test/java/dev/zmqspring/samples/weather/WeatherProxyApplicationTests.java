package dev.zmqspring.samples.weather;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

import dev.zmqspring.proxy.ZmqProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = { "zmq.proxies.weather.frontend=@tcp://127.0.0.1:*",
		"zmq.proxies.weather.backend=@tcp://127.0.0.1:*,@inproc://weather" })
class WeatherProxyApplicationTests {

	@Autowired
	WeatherClient client;

	@Autowired
	@Qualifier("zmqProxy.weather")
	ZmqProxy proxy;

	@Test
	void updatesFlowFromServerThroughTheForwarderToTheSubscribedClientOnly() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.client.getUpdates() >= 50);
		assertThat(this.client.getOtherZipcodes()).isZero();
		assertThat(this.client.getAverageTemperature()).isBetween(-80.0, 135.0);
		assertThat(this.proxy.getBackendToFrontend().getMessagesOut()).as("subscription forwarded upstream").isPositive();
		assertThat(this.proxy.getFrontendToBackend().getMessagesOut()).isGreaterThanOrEqualTo(50);
	}

}
