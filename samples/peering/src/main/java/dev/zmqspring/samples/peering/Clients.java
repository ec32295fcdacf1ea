package dev.zmqspring.samples.peering;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.core.ZmqTemplate;

/**
 * The clients of one broker of the federation (Guide ch.3 peering): Lazy Pirate requests
 * ({@code ZmqTemplate.request} with retries) to this process's broker, answered by whichever broker
 * has an idle worker.
 */
@Component
public class Clients implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(Clients.class);

	private final ZmqTemplate zmq;

	private final ZmqBroker broker;

	private final int requests;

	public Clients(ZmqTemplate zmq, ZmqBroker broker, @Value("${peering.requests}") int requests) {
		this.zmq = zmq;
		this.broker = broker;
		this.requests = requests;
	}

	/** Sends {@code count} requests concurrently through this broker and returns the replies. */
	public List<String> run(String text, int count) {
		String frontend = this.broker.getEndpoints().get(0);
		List<CompletableFuture<String>> replies = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String request = this.broker.getName() + " " + text + " " + i;
			replies.add(CompletableFuture.supplyAsync(() -> {
				try {
					return this.zmq.request(frontend, request, String.class);
				}
				finally {
					this.zmq.releaseThreadSockets();
				}
			}));
		}
		return replies.stream().map(CompletableFuture::join).toList();
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.requests > 0) {
			CompletableFuture.runAsync(() -> run("HELLO", this.requests).forEach((reply) -> logger.info("Client: " + reply)));
		}
	}

}
