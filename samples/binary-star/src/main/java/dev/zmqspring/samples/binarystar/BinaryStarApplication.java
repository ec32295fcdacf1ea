package dev.zmqspring.samples.binarystar;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Guide ch.4 "High-Availability Pair" (bstarsrv, bstarcli) as one Spring Boot application with three
 * profiles. Run each in its own terminal:
 *
 * <pre>
 * java -jar sample-binary-star.jar --spring.profiles.active=primary
 * java -jar sample-binary-star.jar --spring.profiles.active=backup
 * java -jar sample-binary-star.jar --spring.profiles.active=client
 * </pre>
 *
 * The client keeps getting answers while the active peer is stopped and restarted: stop the primary
 * (Ctrl-C) and the backup takes over on the client's next request; start the primary again and it comes
 * back passive.
 */
@SpringBootApplication
public class BinaryStarApplication {

	public static void main(String[] args) {
		SpringApplication.run(BinaryStarApplication.class, args);
	}

}
