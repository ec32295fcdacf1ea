package dev.zmqspring.faults;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * The {@code echo} service of the Majordomo and Titanic workloads (Guide ch.4 "Service-Oriented
 * Reliable Queuing"): a Majordomo worker that answers {@code <host>|<request>} and records every
 * request it served.
 */
@Component
@Profile("mdp-worker")
class MajordomoEchoWorker {

	private final History history;

	MajordomoEchoWorker(History history) {
		this.history = history;
	}

	@ZmqWorker(id = "echo", service = "echo")
	String echo(String request) {
		this.history.record("served", "req", request);
		return this.history.node() + "|" + request;
	}

}
