package dev.zmqspring.samples.freelance;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Guide ch.4 "Brokerless Reliability" (Freelance, spec 10/FLP) as one Spring Boot application: three
 * {@link NameServers} ({@code @ZmqWorker(protocol = "freelance")}) and a {@link NameResolver} on the
 * {@code names} Freelance client, which keeps resolving while one server is killed and restarted.
 */
@SpringBootApplication
public class FreelanceApplication {

	public static void main(String[] args) {
		SpringApplication.run(FreelanceApplication.class, args);
	}

}
