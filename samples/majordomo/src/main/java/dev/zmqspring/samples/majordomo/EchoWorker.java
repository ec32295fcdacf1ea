package dev.zmqspring.samples.majordomo;

import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * The {@code echo} service (Guide ch.4 "mdworker"): two Majordomo workers (spec 7/MDP) that register
 * with the broker at {@code zmq.majordomo.endpoint}, heartbeat, reconnect after broker loss, and
 * reply with the request.
 */
@Component
public class EchoWorker {

	@ZmqWorker(id = "echo", service = "echo", concurrency = "2")
	byte[] echo(byte[] body) {
		return body;
	}

	@ZmqWorker(id = "shout", service = "shout")
	String shout(String text) {
		if (text.isEmpty()) {
			throw new IllegalArgumentException("nothing to shout");
		}
		return text.toUpperCase();
	}

}
