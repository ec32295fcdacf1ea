package dev.zmqspring.faults;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Records {@code ready} once the host's application has started, so the suite knows when to go on. */
@Component
class ReadyRecorder {

	private final History history;

	ReadyRecorder(History history) {
		this.history = history;
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		this.history.record("ready");
	}

}
