package dev.zmqspring.faults;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.zmqspring.broker.ZmqBroker;

/**
 * Records what a peering broker (Guide ch.3 "Worked Example: Inter-Broker Routing") knows of its
 * peers whenever it changes: the reachable peers with their last announced idle workers, and the
 * requests waiting in its queue, so a run's unavailability can be read against the state flow.
 * Polled every 200 ms from a thread of its own (the broker's snapshot is safe from any thread).
 */
@Component
@Profile("peer-broker")
class PeerStateRecorder implements DisposableBean {

	private final History history;

	private final ZmqBroker broker;

	private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "peer-state-recorder");
		thread.setDaemon(true);
		return thread;
	});

	private String last = "";

	PeerStateRecorder(History history, ZmqBroker broker) {
		this.history = history;
		this.broker = broker;
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		this.poller.scheduleWithFixedDelay(this::poll, 0, 200, TimeUnit.MILLISECONDS);
	}

	private void poll() {
		Map<String, Integer> peers = this.broker.getPeers();
		String now = peers + " queued=" + this.broker.getQueuedRequests();
		if (!now.equals(this.last)) {
			this.last = now;
			this.history.record("peers", "live", peers.toString(), "queued",
					Integer.toString(this.broker.getQueuedRequests()));
		}
	}

	@Override
	public void destroy() {
		this.poller.shutdownNow();
	}

}
