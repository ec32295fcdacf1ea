package dev.zmqspring.faults;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * A Freelance server (Guide ch.4 "Brokerless Reliability", flserver3): answers
 * {@code <host>|<request>} to clients of all three models and records every request it served. Its
 * identity is its public endpoint, {@code zmq.freelance.server.public-host} in place of {@code *}.
 */
@Component
@Profile("freelance-server")
class FreelanceEchoServer {

	private final History history;

	FreelanceEchoServer(History history) {
		this.history = history;
	}

	@ZmqWorker(protocol = "freelance", endpoints = "${fault.frontend}")
	String echo(String request) {
		this.history.record("served", "req", request);
		return this.history.node() + "|" + request;
	}

}
