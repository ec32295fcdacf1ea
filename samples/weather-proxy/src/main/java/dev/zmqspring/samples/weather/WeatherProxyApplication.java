package dev.zmqspring.samples.weather;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Guide ch.2 "Intermediaries and Proxies" (wuproxy): a weather server (ch.1 wuserver) publishes
 * through a forwarder declared in {@code application.yml}; a weather client (ch.1 wuclient)
 * subscribes to one zip code on the proxy's backend.
 */
@SpringBootApplication
@EnableScheduling
public class WeatherProxyApplication {

	public static void main(String[] args) {
		SpringApplication.run(WeatherProxyApplication.class, args);
	}

}
