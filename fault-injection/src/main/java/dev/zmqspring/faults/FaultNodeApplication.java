package dev.zmqspring.faults;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One host of the fault-injection suite: a Spring Boot application on the starter whose role is a
 * Spring profile, so the suite runs every peer of a Guide ch.4 reliability pattern (REP server or
 * Binary Star half, Majordomo broker with or without Titanic, Majordomo worker, Lazy Pirate, Majordomo
 * and Titanic clients) as its own JVM in its own network namespace:
 *
 * <pre>
 * java -cp ... dev.zmqspring.faults.FaultNodeApplication --spring.profiles.active=rep-server \
 *     --fault.name=s1 --fault.history=/tmp/s1.jsonl --fault.frontend=tcp://*:5001
 * </pre>
 *
 * Every peer appends what it did to its {@code fault.history} file ({@link History}); the suite's
 * checker reads those files after the faults heal.
 */
@SpringBootApplication
public class FaultNodeApplication {

	public static void main(String[] args) {
		SpringApplication.run(FaultNodeApplication.class, args);
	}

}
