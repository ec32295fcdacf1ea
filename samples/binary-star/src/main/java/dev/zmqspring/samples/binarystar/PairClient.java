package dev.zmqspring.samples.binarystar;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.zmqspring.core.ZmqTemplate;

/**
 * The client (bstarcli): a Lazy Pirate client of the pair. The endpoint names both peers
 * ({@code a|b}); after a timeout the template fails over to the other peer on a fresh socket and keeps
 * using the one that answered.
 */
@Component
@Profile("client")
class PairClient implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(PairClient.class);

	private final ZmqTemplate zmq;

	private final String pair;

	private final int requests;

	PairClient(ZmqTemplate zmq, @Value("${sample.pair}") String pair, @Value("${sample.requests}") int requests) {
		this.zmq = zmq;
		this.pair = pair;
		this.requests = requests;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		for (int i = 1; i <= this.requests; i++) {
			String reply = this.zmq.request(this.pair, "request " + i, String.class);
			logger.info(reply);
			Thread.sleep(500); // a human-paced client, so you can stop and restart the peers
		}
	}

}
