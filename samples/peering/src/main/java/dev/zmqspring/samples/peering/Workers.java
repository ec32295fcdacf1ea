package dev.zmqspring.samples.peering;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * The only workers of the federation (Guide ch.3 peering3), on the north broker's backend: they
 * answer requests from the clients of all three brokers.
 */
@Component
@Profile("north")
public class Workers {

	@ZmqWorker(id = "north-worker", endpoints = "tcp://${peering.host}:${peering.north.backend}",
			protocol = "load-balancing", concurrency = "3")
	String work(String request) {
		return "north: " + request;
	}

}
