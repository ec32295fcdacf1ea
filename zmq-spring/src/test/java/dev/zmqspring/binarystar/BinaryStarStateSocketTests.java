package dev.zmqspring.binarystar;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pair's state socket on real sockets: what the peer publishes moves the state machine, and junk
 * (not a number, out of range, several frames, oversized) is dropped, counted, and changes nothing.
 */
class BinaryStarStateSocketTests {

	private ZContext context;

	private ZMQ.Socket peer;

	private BinaryStar primary;

	@BeforeEach
	void setUp() {
		this.context = new ZContext(1);
		ZmqSocketFactory factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));
		this.peer = this.context.createSocket(SocketType.PUB);
		this.peer.bind("tcp://127.0.0.1:*");
		this.primary = new BinaryStar(factory, true, ZmqEndpoint.parseAll("tcp://127.0.0.1:*", SocketType.PUB, "test"),
				ZmqEndpoint.parseAll(this.peer.getLastEndpoint(), SocketType.SUB, "test"), Duration.ofMillis(200),
				Duration.ofSeconds(30), Duration.ofSeconds(5), null);
		this.primary.start();
	}

	@AfterEach
	void tearDown() {
		this.primary.stop();
		this.context.close();
	}

	@Test
	void junkOnTheStateSocketIsDroppedAndCountedAndChangesNothing() {
		// slow joiner (Guide ch.2): publish until the first junk message is counted
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.peer.send("garbage");
			return this.primary.getCounters().getDropped() > 0;
		});
		long before = this.primary.getCounters().getDropped();
		this.peer.send("9");
		this.peer.send("0");
		this.peer.send("-3");
		this.peer.send("33");
		this.peer.sendMore("3");
		this.peer.send("3");
		this.peer.send(new byte[4096]);
		// garbage of the joining loop may still be on its way, so at least the six
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.primary.getCounters().getDropped()).isGreaterThanOrEqualTo(before + 6));
		assertThat(this.primary.getPairState()).isEqualTo(BinaryStarState.PRIMARY);
		assertThat(this.primary.getPeerState()).isNull();
		// a real state still works afterwards: the backup is there, so the primary becomes active
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.peer.send("2");
			return this.primary.getPairState() == BinaryStarState.ACTIVE;
		});
		assertThat(this.primary.getPeerState()).isEqualTo(BinaryStarState.BACKUP);
	}

	@Test
	void aStateFromACPeerWithATrailingNulCounts() {
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.peer.send(new byte[] { '3', 0 });
			return this.primary.getPairState() == BinaryStarState.PASSIVE;
		});
		assertThat(this.primary.getEndpoints()).hasSize(2);
		assertThat(List.copyOf(this.primary.getEndpoints()).get(0)).startsWith("tcp://127.0.0.1:");
	}

}
