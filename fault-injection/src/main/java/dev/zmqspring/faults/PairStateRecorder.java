package dev.zmqspring.faults;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.binarystar.BinaryStarStateChangedEvent;

/**
 * Records every state change of a Binary Star half (Guide ch.4 "High-Availability Pair"), so the
 * checker can find windows in which both halves served while they could hear each other.
 */
@Component
@Profile({ "bstar-half", "clone-server" })
class PairStateRecorder {

	private final History history;

	private final BinaryStar pair;

	PairStateRecorder(History history, BinaryStar pair) {
		this.history = history;
		this.pair = pair;
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		this.history.record("state", "to", this.pair.getPairState().name(), "why", "started");
	}

	@EventListener
	void changed(BinaryStarStateChangedEvent event) {
		this.history.record("state", "from", event.getPrevious().name(), "to", event.getState().name(), "why",
				event.getReason());
	}

}
