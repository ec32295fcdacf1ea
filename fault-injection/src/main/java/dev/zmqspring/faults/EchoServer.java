package dev.zmqspring.faults;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * The server of the Lazy Pirate workload (Guide ch.4 "Client-Side Reliability", "High-Availability
 * Pair"): a bound REP server that answers {@code <host>|<request>} and records every request it
 * served. As a Binary Star half ({@code fault.gated=true}) the pair gates it, so only the active half
 * answers.
 */
@Component
@Profile({ "rep-server", "bstar-half" })
class EchoServer {

	private final History history;

	EchoServer(History history) {
		this.history = history;
	}

	@ZmqWorker(endpoints = "${fault.frontend}", binaryStar = "${fault.gated:false}")
	String echo(String request) {
		this.history.record("served", "req", request);
		return this.history.node() + "|" + request;
	}

}
