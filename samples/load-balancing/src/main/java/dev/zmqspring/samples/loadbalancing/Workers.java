package dev.zmqspring.samples.loadbalancing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * The workers of Guide ch.3 lbbroker: {@code lb.workers} REQ sockets on the broker's backend, each
 * announcing READY and answering "OK". One annotated method; the auto-configured
 * {@code load-balancing} worker protocol speaks the READY handshake.
 */
@Component
public class Workers {

	private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

	@ZmqWorker(id = "lb-worker", endpoints = "${lb.backend-connect}", protocol = "load-balancing",
			concurrency = "${lb.workers}")
	String work(String request) {
		String name = Thread.currentThread().getName();
		this.handled.computeIfAbsent(name, (k) -> new AtomicInteger()).incrementAndGet();
		return "OK from " + name + ": " + request;
	}

	/** Requests handled, by worker thread. */
	public Map<String, AtomicInteger> getHandled() {
		return this.handled;
	}

}
