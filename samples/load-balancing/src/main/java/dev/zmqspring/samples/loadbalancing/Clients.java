package dev.zmqspring.samples.loadbalancing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.core.ZmqTemplate;

/**
 * The clients of lbbroker: each sends "HELLO" through the broker's frontend and prints the reply.
 * {@code ZmqTemplate.request} is a Lazy Pirate REQ client (ch.4), one socket per thread.
 */
@Component
public class Clients implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(Clients.class);

	private final ZmqTemplate zmq;

	private final ZmqBroker broker;

	private final int count;

	public Clients(ZmqTemplate zmq, @Qualifier("zmqBroker.lb") ZmqBroker broker, @Value("${lb.clients}") int count) {
		this.zmq = zmq;
		this.broker = broker;
		this.count = count;
	}

	/** Sends one request per client, concurrently, and returns the replies. */
	public List<String> run(String text) {
		String frontend = this.broker.getEndpoints().get(0).replace("0.0.0.0", "127.0.0.1");
		List<CompletableFuture<String>> replies = new ArrayList<>();
		for (int i = 0; i < this.count; i++) {
			String request = text + " " + i;
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
		for (String reply : run("HELLO")) {
			logger.info("Client: " + reply);
		}
	}

}
