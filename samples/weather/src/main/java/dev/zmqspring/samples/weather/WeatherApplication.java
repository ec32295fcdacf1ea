package dev.zmqspring.samples.weather;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Guide ch.1 "Getting the Message Out": the weather server ({@code wuserver}) publishes random
 * updates {@code "<zipcode> <temperature> <relative humidity>"} with the {@code ZmqTemplate}; the
 * client ({@code wuclient}) is a {@code @ZmqSubscriber} filtered on one zip code that averages the
 * temperature over {@code weather.updates} updates. The application exits when the client is done.
 */
@SpringBootApplication
public class WeatherApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(WeatherApplication.class, args);
		System.exit(SpringApplication.exit(context));
	}

	/** Waits for the client's average, prints it, and lets {@link #main} exit. */
	@Bean
	CommandLineRunner report(WeatherClient client, @Value("${weather.zipcode}") String zipcode) {
		return (args) -> {
			double average = client.awaitAverage(Duration.ofMinutes(1));
			System.out.printf("Average temperature for zipcode '%s' was %dF%n", zipcode, Math.round(average));
		};
	}

}
