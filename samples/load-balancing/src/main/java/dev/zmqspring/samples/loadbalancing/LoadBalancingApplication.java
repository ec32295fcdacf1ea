package dev.zmqspring.samples.loadbalancing;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Guide ch.3 "A Load Balancing Message Broker": a broker declared in {@code application.yml},
 * workers speaking the READY protocol, and Lazy Pirate clients through {@code ZmqTemplate}.
 */
@SpringBootApplication
public class LoadBalancingApplication {

	public static void main(String[] args) {
		SpringApplication.run(LoadBalancingApplication.class, args);
	}

}
