package dev.zmqspring.clone;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.core.ZmqMessageConverters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link ZmqCloneMap} facing a server that sends malformed kvmsg, old and duplicate sequences
 * (Guide ch.5): they are dropped or ignored and counted, and the map holds only the good updates.
 */
class CloneMapHostileServerTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final CloneTestSupport support = new CloneTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void malformedOldAndDuplicateUpdatesLeaveTheMapIntact() {
		try (ZMQ.Socket router = this.support.context.createSocket(SocketType.ROUTER);
				ZMQ.Socket pub = this.support.context.createSocket(SocketType.XPUB);
				ZMQ.Socket collector = this.support.context.createSocket(SocketType.SUB)) {
			router.bind("tcp://127.0.0.1:*");
			pub.bind("tcp://127.0.0.1:*");
			collector.bind("tcp://127.0.0.1:*");
			router.setReceiveTimeOut(10_000);
			pub.setReceiveTimeOut(10_000);
			ZmqCloneMap<String> map = this.support.start(new ZmqCloneMap<>("target", this.support.factory,
					List.of(new CloneEndpoints(router.getLastEndpoint(), pub.getLastEndpoint(),
							collector.getLastEndpoint())),
					"", String.class, ZmqMessageConverters.defaults(), Duration.ofSeconds(30), Duration.ofSeconds(5),
					null));
			assertThat(pub.recv(0)).as("the map's subscription").isNotNull();
			byte[] identity = router.recv(0);
			assertThat(router.recvStr(0)).isEqualTo(KvMsg.ICANHAZ);
			router.recv(0);
			send(router, identity, "broken".getBytes(), KvMsg.sequenceBytes(1), new byte[0], new byte[0]); // 4 frames
			send(router, identity, "good".getBytes(), KvMsg.sequenceBytes(4), new byte[0], new byte[0], "yes".getBytes());
			send(router, identity, "KTHXBAI".getBytes(), KvMsg.sequenceBytes(5), new byte[0], new byte[0], new byte[0]);
			assertThat(map.awaitSnapshot(WAIT)).isTrue();

			send(pub, "short".getBytes(), new byte[3], new byte[0], new byte[0], "x".getBytes());
			send(pub, "uuid".getBytes(), KvMsg.sequenceBytes(6), new byte[7], new byte[0], "x".getBytes());
			send(pub, "props".getBytes(), KvMsg.sequenceBytes(6), new byte[0], "junk".getBytes(), "x".getBytes());
			send(pub, "old".getBytes(), KvMsg.sequenceBytes(3), new byte[0], new byte[0], "x".getBytes());
			send(pub, "next".getBytes(), KvMsg.sequenceBytes(6), new byte[0], new byte[0], "six".getBytes());
			send(pub, "next".getBytes(), KvMsg.sequenceBytes(6), new byte[0], new byte[0], "again".getBytes());
			send(pub, "last".getBytes(), KvMsg.sequenceBytes(7), new byte[0], new byte[0], "seven".getBytes());
			await().atMost(WAIT).until(() -> map.getLastSequence() == 7);
			assertThat(map.asMap()).isEqualTo(Map.of("good", "yes", "next", "six", "last", "seven"));
			assertThat(map.getIgnoredUpdates()).isEqualTo(2);
			assertThat(map.getCounters().getDropped()).isEqualTo(4);
			assertThat(map.isRunning()).isTrue();
		}
	}

	private static void send(ZMQ.Socket socket, byte[]... frames) {
		for (int i = 0; i < frames.length; i++) {
			socket.send(frames[i], (i < frames.length - 1) ? ZMQ.SNDMORE : 0);
		}
	}

}
