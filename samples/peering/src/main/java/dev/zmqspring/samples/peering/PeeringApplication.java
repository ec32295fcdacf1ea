package dev.zmqspring.samples.peering;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Guide ch.3 "Worked Example: Inter-Broker Routing": one load-balancing broker per Spring profile
 * ({@code north}, {@code south}, {@code east}), peered through {@code zmq.brokers.<name>.peers};
 * workers only on north, Lazy Pirate clients on every broker.
 */
@SpringBootApplication
public class PeeringApplication {

	public static void main(String[] args) {
		SpringApplication.run(PeeringApplication.class, args);
	}

}
