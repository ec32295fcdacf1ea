package dev.zmqspring.faults;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.zmqspring.clone.CloneServer;

/**
 * Records a Clone server's map when the host is stopped (SIGTERM) at the end of a run (Guide ch.5
 * "Reliable Pub-Sub"), with whether it was serving, so the checker can compare every client's map
 * with the active server's.
 */
@Component
@Profile("clone-server")
class CloneServerRecorder {

	private final History history;

	private final CloneServer server;

	CloneServerRecorder(History history, @Qualifier("zmqCloneServer.main") CloneServer server) {
		this.history = history;
		this.server = server;
	}

	/** On close, before the server's life cycle stops it. */
	@EventListener
	void recordFinalMap(ContextClosedEvent event) {
		Map<String, String> map = new TreeMap<>();
		this.server.snapshot().forEach((key, value) -> map.put(key, new String(value, StandardCharsets.UTF_8)));
		this.history.record("final", "serving", Boolean.toString(this.server.isServing()), "map",
				CloneWorkload.text(map), "pending", Integer.toString(this.server.getPendingCount()));
	}

}
