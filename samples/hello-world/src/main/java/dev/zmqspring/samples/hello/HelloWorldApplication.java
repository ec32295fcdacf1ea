package dev.zmqspring.samples.hello;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerRegistry;

/**
 * Guide ch.1 "Ask and Ye Shall Receive": the hello-world server ({@code hwserver}) and client
 * ({@code hwclient}) in one Spring Boot application. The server is a {@code @ZmqWorker} REP method;
 * the client sends ten "Hello" requests with {@link ZmqTemplate#request} (a Lazy Pirate client,
 * ch.4), prints the replies, and the application exits.
 */
@SpringBootApplication
public class HelloWorldApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(HelloWorldApplication.class, args);
		// the client is done once run() returns: close everything (listeners, sockets, ZContext) and exit
		System.exit(SpringApplication.exit(context));
	}

	/** The server: a REP socket bound to {@code hello.endpoint}; the return value is the reply. */
	@ZmqWorker(id = "hello", endpoints = "${hello.endpoint:tcp://*:5555}")
	String hello(String request) {
		System.out.println("Server received " + request);
		return "World";
	}

	/** The client: ten requests, one at a time, each waiting for its reply. */
	@Bean
	CommandLineRunner client(ZmqTemplate zmq, ZmqListenerRegistry listeners) {
		return (args) -> {
			// client and server share this app, so ask the registry where the server really bound
			// (this also works with an ephemeral port such as tcp://127.0.0.1:*)
			String endpoint = listeners.getEndpoints("hello").get(0).replace("0.0.0.0", "localhost");
			for (int i = 0; i < 10; i++) {
				System.out.println("Sending Hello " + i);
				String reply = zmq.request(endpoint, "Hello", String.class);
				System.out.println("Received " + reply + " " + i);
			}
		};
	}

}
