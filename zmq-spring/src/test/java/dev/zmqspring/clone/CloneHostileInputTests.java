package dev.zmqspring.clone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input to a Clone server (Guide ch.5 kvmsg): malformed kvmsg frames, wrong sequence and
 * uuid sizes, bogus {@code ICANHAZ?} requests and a 10 MB body beyond the server's inbound cap are
 * dropped and counted; the server keeps serving and no client map is corrupted.
 */
class CloneHostileInputTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final CloneTestSupport support = new CloneTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void malformedUpdatesAndSnapshotRequestsAreDroppedAndCounted() {
		CloneServer server = this.support.server("hostile");
		CloneEndpoints endpoints = CloneTestSupport.endpoints(server);
		ZmqCloneMap<String> client = this.support.map("victim", "", endpoints);
		assertThat(client.awaitSnapshot(WAIT)).isTrue();
		client.set("good", "before");
		await().atMost(WAIT).until(() -> "before".equals(client.get("good")));

		try (ZMQ.Socket updates = this.support.rawSocket(SocketType.XPUB);
				ZMQ.Socket requests = this.support.rawSocket(SocketType.DEALER)) {
			updates.connect(endpoints.collector());
			updates.setReceiveTimeOut(10_000);
			assertThat(updates.recv(0)).as("the collector's subscription").isNotNull();
			byte[] seq = KvMsg.sequenceBytes(0);
			byte[] uuid = new byte[16];
			send(updates, "good".getBytes(), seq, uuid, new byte[0]); // 4 frames
			send(updates, "good".getBytes(), new byte[4], uuid, new byte[0], "evil".getBytes()); // short sequence
			send(updates, "good".getBytes(), seq, new byte[5], new byte[0], "evil".getBytes()); // bad uuid
			send(updates, "good".getBytes(), seq, uuid, "no-equals-sign".getBytes(), "evil".getBytes());
			send(updates, "good".getBytes(), seq, uuid, "ttl=soon\n".getBytes(), "evil".getBytes());
			send(updates, "HUGZ".getBytes(), seq, uuid, new byte[0], "evil".getBytes()); // reserved key
			send(updates, new byte[0], seq, uuid, new byte[0], "evil".getBytes()); // empty key
			send(updates, "good".getBytes(), seq, uuid, new byte[0], "evil".getBytes(), "extra".getBytes());
			await().atMost(WAIT).until(() -> server.getCounters().getDropped() >= 8);

			requests.connect(endpoints.snapshot());
			send(requests, KvMsg.ICANHAZ.getBytes()); // no subtree frame
			send(requests, "ICANHAZ".getBytes(), new byte[0]); // wrong command
			send(requests, KvMsg.ICANHAZ.getBytes(), new byte[0], new byte[0]); // extra frame
			send(requests, KvMsg.ICANHAZ.getBytes(), new byte[CloneServerBehavior.MAX_SUBTREE + 1]);
			await().atMost(WAIT).until(() -> server.getCounters().getDropped() >= 12);

			// beyond max-message-size: JeroMQ refuses the frame and drops that connection, counted
			long disconnected = server.getCounters().getConnectionsDisconnected();
			send(updates, "good".getBytes(), seq, uuid, new byte[0], new byte[10 * 1024 * 1024]);
			await().atMost(WAIT).until(() -> server.getCounters().getConnectionsDisconnected() > disconnected);

			// the server still answers a well-formed request, with the good value only
			send(requests, KvMsg.ICANHAZ.getBytes(), "go".getBytes(StandardCharsets.UTF_8));
			requests.setReceiveTimeOut(10_000);
			byte[] key = requests.recv(0);
			assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("good");
		}
		client.set("after", "still-serving");
		await().atMost(WAIT).until(() -> "still-serving".equals(client.get("after")));
		assertThat(client.asMap()).isEqualTo(Map.of("good", "before", "after", "still-serving"));
		assertThat(server.getSequence()).isEqualTo(2);
		assertThat(server.isRunning()).isTrue();
	}

	private static void send(ZMQ.Socket socket, byte[]... frames) {
		for (int i = 0; i < frames.length; i++) {
			socket.send(frames[i], (i < frames.length - 1) ? ZMQ.SNDMORE : 0);
		}
	}

}
