package dev.zmqspring.binarystar;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

import static dev.zmqspring.support.LoopbackPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two {@link BinaryStar} components over loopback TCP hear each other (Guide ch.4 "High-Availability
 * Pair"): the primary becomes ACTIVE and the backup PASSIVE, which needs each SUB to complete its ZMTP
 * handshake with the other's PUB. A plain libzmq-style PUB publishing "2" is heard as a backup too.
 */
class BinaryStarPeersTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Duration HEARTBEAT = Duration.ofMillis(100);

	private ZContext context;

	private ZmqSocketFactory factory;

	private BinaryStar primary;

	private BinaryStar backup;

	@BeforeEach
	void setUp() {
		this.context = new ZContext();
		this.factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));
	}

	@AfterEach
	void tearDown() {
		for (BinaryStar peer : new BinaryStar[] { this.primary, this.backup }) {
			if (peer != null && peer.isRunning()) {
				peer.stop();
			}
		}
		this.context.close();
	}

	@Test
	void thePrimaryBecomesActiveAndTheBackupPassive() {
		String primaryStates = "tcp://127.0.0.1:" + freePort();
		String backupStates = "tcp://127.0.0.1:" + freePort();
		this.primary = peer(true, primaryStates, backupStates);
		this.backup = peer(false, backupStates, primaryStates);
		this.primary.start();
		this.backup.start();
		await().atMost(WAIT)
			.untilAsserted(() -> {
				assertThat(this.primary.getPairState()).isEqualTo(BinaryStarState.ACTIVE);
				assertThat(this.backup.getPairState()).isEqualTo(BinaryStarState.PASSIVE);
			});
		assertThat(this.backup.getPeerState()).isEqualTo(BinaryStarState.ACTIVE);
	}

	@Test
	void aPrimaryHearsAPlainPublisherOfTheBackupState() {
		String primaryStates = "tcp://127.0.0.1:" + freePort();
		try (ZMQ.Socket publisher = this.context.createSocket(SocketType.PUB)) {
			int port = publisher.bindToRandomPort("tcp://127.0.0.1");
			this.primary = peer(true, primaryStates, "tcp://127.0.0.1:" + port);
			this.primary.start();
			// the socket is used on this thread only (a socket belongs to one thread)
			await().atMost(WAIT).pollInSameThread().pollInterval(HEARTBEAT).until(() -> {
				publisher.send("2");
				return this.primary.getPairState() == BinaryStarState.ACTIVE;
			});
			assertThat(this.primary.getPeerState()).isEqualTo(BinaryStarState.BACKUP);
		}
	}

	private BinaryStar peer(boolean primary, String local, String remote) {
		return new BinaryStar(this.factory, primary, ZmqEndpoint.parseAll(local, SocketType.PUB, "local"),
				ZmqEndpoint.parseAll(remote, SocketType.SUB, "remote"), HEARTBEAT, Duration.ofSeconds(30),
				Duration.ofSeconds(5), null);
	}

}
