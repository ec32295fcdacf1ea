package dev.zmqspring.broker.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker-side heartbeating connection of the broker kit against a real ROUTER "broker": greeting,
 * heartbeats, a fresh socket after a silent broker, the doubling pause and its reset when the broker talks.
 */
class HeartbeatingConnectionTests {

	private static final byte[] READY = { 'R' };

	private static final byte[] HEARTBEAT = { 'H' };

	private final ZContext context = new ZContext();

	private final ZmqSocketFactory factory = new ZmqSocketFactory(this.context,
			ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));

	private final List<Long> pauses = new CopyOnWriteArrayList<>();

	private ZmqActor actor;

	@AfterEach
	void close() {
		if (this.actor != null) {
			this.actor.stop(Duration.ofSeconds(5));
		}
		this.context.close();
	}

	/** Starts a worker whose connection speaks a two-command protocol: 'R' to greet, 'H' to heartbeat. */
	private HeartbeatingConnection start(String endpoint, long reconnectInitial, long reconnectMax) {
		HeartbeatingConnection[] connection = new HeartbeatingConnection[1];
		connection[0] = new HeartbeatingConnection(50, 3, reconnectInitial, reconnectMax,
				new HeartbeatingConnection.Protocol() {

					@Override
					public ZMQ.Socket connect(ZmqActorLoop loop) {
						return loop.socket(SocketType.DEALER, List.of(ZmqEndpoint.connect(endpoint)));
					}

					@Override
					public void sendReady(ZMQ.Socket socket) {
						socket.send(READY, ZMQ.DONTWAIT);
					}

					@Override
					public void sendHeartbeat(ZMQ.Socket socket) {
						socket.send(HEARTBEAT, ZMQ.DONTWAIT);
					}

					@Override
					public void read(ZMQ.Socket socket, int firstFlags) {
						for (int i = 0; i < 16 && connection[0].socket() == socket; i++) {
							if (socket.recv((i == 0) ? firstFlags : ZMQ.DONTWAIT) == null) {
								return;
							}
							connection[0].alive();
						}
					}

					@Override
					public void lost(long silentMillis, long reconnectMillis) {
						HeartbeatingConnectionTests.this.pauses.add(reconnectMillis);
					}

				});
		this.actor = new ZmqActor("heartbeating-test", this.factory, new ZmqActorBehavior() {

			@Override
			public void open(ZmqActorLoop loop) {
				connection[0].open(loop);
			}

			@Override
			public long nextTimerMillis() {
				return connection[0].nextTimerMillis();
			}

			@Override
			public void onTimer(long now) {
				connection[0].onTimer(now);
			}

		});
		this.actor.start(Duration.ofSeconds(5));
		return connection[0];
	}

	private ZMQ.Socket broker() {
		ZMQ.Socket router = this.context.createSocket(SocketType.ROUTER);
		router.setReceiveTimeOut(10_000);
		router.bind("tcp://127.0.0.1:*");
		return router;
	}

	@Test
	void greetsThenHeartbeatsEveryInterval() {
		ZMQ.Socket broker = broker();
		start(broker.getLastEndpoint(), 1000, 1000);

		byte[] identity = broker.recv();
		assertThat(broker.recv()).isEqualTo(READY);
		for (int i = 0; i < 2; i++) {
			broker.sendMore(identity);
			broker.send(HEARTBEAT); // keeps the worker from giving up
			assertThat(broker.recv()).isEqualTo(identity);
			assertThat(broker.recv()).isEqualTo(HEARTBEAT);
		}
		assertThat(this.pauses).isEmpty();
	}

	@Test
	void aSilentBrokerGetsAFreshSocketAfterADoublingPause() {
		ZMQ.Socket broker = broker();
		HeartbeatingConnection connection = start(broker.getLastEndpoint(), 20, 80);

		await().atMost(Duration.ofSeconds(20)).until(() -> this.pauses.size() >= 4);

		assertThat(this.pauses.subList(0, 4)).containsExactly(20L, 40L, 80L, 80L);
		assertThat(connection.reconnects()).isGreaterThanOrEqualTo(3);
		byte[] first = broker.recv();
		assertThat(broker.recv()).isEqualTo(READY);
		byte[] identity;
		byte[] command;
		do {
			identity = broker.recv();
			command = broker.recv();
		}
		while (!Arrays.equals(command, READY) || Arrays.equals(identity, first));
		assertThat(identity).as("a fresh socket has a fresh identity").isNotEqualTo(first);
	}

	@Test
	void theBrokerTalkingResetsThePause() {
		ZMQ.Socket broker = broker();
		start(broker.getLastEndpoint(), 20, 1000);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.pauses.size() >= 2); // 20, 40

		// answer everything until a live connection has heartbeated a few times, then stay silent again
		int heartbeats = 0;
		while (heartbeats < 6) {
			byte[] identity = broker.recv();
			byte[] command = broker.recv();
			broker.sendMore(identity);
			broker.send(HEARTBEAT);
			if (Arrays.equals(command, HEARTBEAT)) {
				heartbeats++;
			}
		}
		int before = this.pauses.size();

		await().atMost(Duration.ofSeconds(20)).until(() -> this.pauses.size() > before);
		assertThat(this.pauses.get(before)).isEqualTo(20L);
	}

}
