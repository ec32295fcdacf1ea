package dev.zmqspring.faults;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * The workers of a peering broker's host (Guide ch.3 "Worked Example: Inter-Broker Routing", the
 * workers of peering3): {@code fault.workers} REQ workers on the local broker's backend
 * ({@code fault.backend}) that answer {@code <host>|<request>} and record every request they served,
 * so the checker sees which broker's workers answered a request that came through the cloud.
 */
@Component
@Profile("lb-worker")
class LoadBalancingEchoWorker {

	private final History history;

	LoadBalancingEchoWorker(History history) {
		this.history = history;
	}

	@ZmqWorker(id = "echo", endpoints = "${fault.backend}", protocol = "load-balancing",
			concurrency = "${fault.workers:1}")
	String echo(String request) {
		this.history.record("served", "req", request);
		return this.history.node() + "|" + request;
	}

}
