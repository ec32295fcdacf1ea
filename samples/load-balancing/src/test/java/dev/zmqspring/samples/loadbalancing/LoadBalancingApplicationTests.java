package dev.zmqspring.samples.loadbalancing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "zmq.brokers.lb.frontend=@tcp://127.0.0.1:*",
		"zmq.brokers.lb.backend=@inproc://lb-backend", "lb.backend-connect=inproc://lb-backend" })
class LoadBalancingApplicationTests {

	@Autowired
	Clients clients;

	@Autowired
	Workers workers;

	@Test
	void everyClientRequestIsAnsweredByAWorkerOfTheBroker() {
		Set<String> requests = new HashSet<>();
		for (int round = 0; round < 5; round++) {
			List<String> replies = this.clients.run("round" + round);
			assertThat(replies).hasSize(10);
			for (String reply : replies) {
				assertThat(reply).startsWith("OK from ");
				assertThat(requests.add(reply.substring(reply.indexOf(": ") + 2))).isTrue();
			}
		}
		assertThat(requests).hasSize(50);
		int total = this.workers.getHandled().values().stream().mapToInt((n) -> n.get()).sum();
		assertThat(total).isEqualTo(60); // 10 at startup (the sample's runner) + 50 here
		assertThat(this.workers.getHandled()).hasSize(3);
	}

}
