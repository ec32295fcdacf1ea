package dev.zmqspring.samples.clone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Clone (Guide ch.5, clonesrv6/clonecli6) as a Spring Boot application: run it with the
 * {@code primary} and {@code backup} profiles for the two servers of a Binary Star pair, and with
 * the {@code client} profile (any number of times) for nodes that share the {@code shared} map.
 */
@SpringBootApplication
public class CloneApplication {

	public static void main(String[] args) {
		SpringApplication.run(CloneApplication.class, args);
	}

}
