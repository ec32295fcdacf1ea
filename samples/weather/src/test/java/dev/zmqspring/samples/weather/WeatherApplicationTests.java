package dev.zmqspring.samples.weather;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The weather client averages its hundred updates for 10001 while the server publishes. */
@SpringBootTest(properties = "weather.bind=tcp://127.0.0.1:*")
@ExtendWith(OutputCaptureExtension.class)
class WeatherApplicationTests {

	@Autowired
	WeatherClient client;

	@Test
	void clientAveragesTheTemperatureOfItsZipcode(CapturedOutput output) {
		assertThat(this.client.getReceived()).isEqualTo(100);
		assertThat(output.getOut()).containsPattern("Average temperature for zipcode '10001' was -?\\d+F");
	}

}
