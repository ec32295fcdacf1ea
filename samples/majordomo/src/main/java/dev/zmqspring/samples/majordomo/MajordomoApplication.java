package dev.zmqspring.samples.majordomo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Guide ch.4 "Service-Oriented Reliable Queuing" (Majordomo, spec 7/MDP) and "Service Discovery"
 * (spec 8/MMI) as one Spring Boot application: the broker comes from {@code application.yml}, the
 * {@link EchoWorker} serves the {@code echo} service, and the {@link EchoClient} discovers it with
 * MMI and calls it.
 */
@SpringBootApplication
public class MajordomoApplication {

	public static void main(String[] args) {
		SpringApplication.run(MajordomoApplication.class, args);
	}

}
