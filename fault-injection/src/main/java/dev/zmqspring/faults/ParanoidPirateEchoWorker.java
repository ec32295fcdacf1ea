package dev.zmqspring.faults;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * The worker of the Paranoid Pirate workload (Guide ch.4 "Robust Reliable Queuing", ppworker): a
 * heartbeating DEALER on the queue's backend ({@code fault.backend}) that answers
 * {@code <host>|<request>} and records every request it served.
 */
@Component
@Profile("pp-worker")
class ParanoidPirateEchoWorker {

	private final History history;

	ParanoidPirateEchoWorker(History history) {
		this.history = history;
	}

	@ZmqWorker(id = "echo", endpoints = "${fault.backend}", protocol = "paranoid-pirate")
	String echo(String request) {
		this.history.record("served", "req", request);
		return this.history.node() + "|" + request;
	}

}
