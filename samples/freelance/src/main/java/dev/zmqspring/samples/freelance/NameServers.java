package dev.zmqspring.samples.freelance;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * Three Freelance name servers (Guide ch.4 flserver3): each binds its own port, uses its public
 * endpoint as identity, answers PING with PONG and resolves a logical name to an endpoint.
 */
@Component
public class NameServers {

	private static final Map<String, String> NAMES = Map.of("weather", "tcp://weather.example:5556",
			"echo", "tcp://echo.example:5555");

	@ZmqWorker(id = "name-server-a", protocol = "freelance", endpoints = "tcp://*:${names.port-a}")
	String serverA(String name) {
		return resolve("a", name);
	}

	@ZmqWorker(id = "name-server-b", protocol = "freelance", endpoints = "tcp://*:${names.port-b}")
	String serverB(String name) {
		return resolve("b", name);
	}

	@ZmqWorker(id = "name-server-c", protocol = "freelance", endpoints = "tcp://*:${names.port-c}")
	String serverC(String name) {
		return resolve("c", name);
	}

	private static String resolve(String server, String name) {
		return NAMES.getOrDefault(name, "unknown") + " (from " + server + ")";
	}

}
