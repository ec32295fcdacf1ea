package dev.zmqspring.broker;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.test.PythonPeer;

import static dev.zmqspring.support.LoopbackPorts.freePort;
import static dev.zmqspring.broker.BrokerPeeringTests.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Paranoid Pirate worker (Guide ch.4, spec 6/PPP) with its default settings against a libzmq queue
 * that behaves like the Guide's ppqueue (pp_queue.py: 1 s heartbeats, a worker silent for 3 s is
 * forgotten).
 */
class ParanoidPirateLibzmqInteropTests {

	final BrokerTestSupport support = new BrokerTestSupport();

	PythonPeer queue;

	@BeforeAll
	static void python() {
		PythonPeer.assumeAvailable();
	}

	@AfterEach
	void tearDown() {
		if (this.queue != null) {
			this.queue.close();
		}
		this.support.close();
	}

	long longestGap() {
		return this.queue.lines().stream().filter((line) -> line.startsWith("GAP "))
			.mapToLong((line) -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).max().orElse(0);
	}

	@Test
	void aWorkerWithTheDefaultsHeartbeatsAtTheGuidesIntervalAndStaysRegisteredWithTheGuidesQueue() {
		int frontend = freePort();
		int backend = freePort();
		this.queue = PythonPeer.script("pp_queue.py").option("frontend", tcp(frontend)).option("backend", tcp(backend)).option("seconds", "120").start();
		this.queue.awaitReady(Duration.ofSeconds(30));
		ParanoidPirateWorkerProtocol defaults = new ParanoidPirateWorkerProtocol();
		assertThat(defaults.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(defaults.getHeartbeatLiveness()).isEqualTo(3);
		this.support.worker(defaults, "pp-w", ">" + tcp(backend),
				(request) -> BrokerTestSupport.reply("pp:" + request.peekFirst().getString(ZMQ.CHARSET)));
		await().atMost(Duration.ofSeconds(15)).until(() -> this.queue.lines().stream().anyMatch((l) -> l.startsWith("JOINED")));
		ZmqTemplate template = this.support.template(Duration.ofSeconds(3), 3);
		assertThat(template.request(tcp(frontend), "first", String.class)).isEqualTo("pp:first");

		// idle for 5 of the queue's heartbeat intervals: never expired, never silent for long
		await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
			.until(() -> this.queue.lines().stream().noneMatch((l) -> l.startsWith("EXPIRED")));
		long gap = longestGap();
		System.out.println("longest silence of the default worker seen by the Guide's queue: " + gap + " ms");
		assertThat(gap).as("longest silence (ms) the queue saw; it forgets a worker after 3000").isLessThan(1700);
		assertThat(template.request(tcp(frontend), "later", String.class)).isEqualTo("pp:later");
	}

}
