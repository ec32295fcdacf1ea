package dev.zmqspring.actor;

import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actor's poller on real inproc sockets: readiness is level-triggered like {@code zmq_poll},
 * a socket can be unregistered and registered again at once, and a terminated context ends the
 * poll. All on the test thread, which owns the sockets.
 */
class ZmqActorPollerTests {

	private static final long WAIT = 5_000;

	private ZContext context;

	private Selector selector;

	private ZmqActorPoller poller;

	private ZMQ.Socket control;

	private ZMQ.Socket pull;

	private ZMQ.Socket push;

	@BeforeEach
	void open() {
		this.context = new ZContext();
		this.selector = this.context.getContext().selector();
		this.poller = new ZmqActorPoller(this.selector, new ZmqActorMailbox("test"));
		this.control = this.context.createSocket(SocketType.PULL);
		this.control.bind("inproc://poller-control");
		this.pull = this.context.createSocket(SocketType.PULL);
		this.pull.bind("inproc://poller-data");
		this.push = this.context.createSocket(SocketType.PUSH);
		this.push.connect("inproc://poller-data");
		this.poller.register(this.control, (socket) -> { }, false);
		this.poller.register(this.pull, (socket) -> { }, false);
	}

	@AfterEach
	void close() {
		if (!this.context.isClosed()) {
			this.context.getContext().close(this.selector);
			this.context.close();
		}
	}

	@Test
	void nothingQueuedTimesOutWithNothingReadable() throws Exception {
		assertThat(this.poller.poll(2, 20)).isZero();
		assertThat(this.poller.registration(1).readable).isFalse();
	}

	@Test
	void aSocketStaysReadableWhileInputIsQueued() throws Exception {
		this.push.send("one");
		this.push.send("two");
		assertThat(this.poller.poll(2, WAIT)).isEqualTo(1);
		assertThat(this.poller.registration(0).readable).isFalse();
		assertThat(this.poller.registration(1).readable).isTrue();
		assertThat(this.pull.recvStr(ZMQ.DONTWAIT)).isEqualTo("one");
		assertThat(this.poller.poll(2, 0)).as("level-triggered: 'two' is still queued").isEqualTo(1);
		assertThat(this.pull.recvStr(ZMQ.DONTWAIT)).isEqualTo("two");
		assertThat(this.poller.poll(2, 0)).isZero();
	}

	@Test
	void aWaitEndsWhenInputArrivesFromAnotherThread() throws Exception {
		Thread sender = new Thread(() -> {
			try (ZMQ.Socket other = this.context.createSocket(SocketType.PUSH)) {
				other.connect("inproc://poller-data");
				other.send("late");
			}
		});
		sender.start();
		assertThat(this.poller.poll(2, -1)).isEqualTo(1);
		assertThat(this.pull.recvStr(ZMQ.DONTWAIT)).isEqualTo("late");
		sender.join(WAIT);
	}

	@Test
	void onlyThePolledRegistrationsAreLookedAt() throws Exception {
		this.push.send("queued");
		assertThat(this.poller.poll(1, 20)).as("paused: only the control pipe").isZero();
		assertThat(this.poller.registration(1).readable).isFalse();
		assertThat(this.poller.poll(2, WAIT)).isEqualTo(1);
	}

	@Test
	void aPausedSocketsInputDoesNotWakeThePoller() throws Exception {
		assertThat(this.poller.poll(2, 1)).isZero(); // keys for both; the PULL's reader now waits for a signal
		this.push.send("queued"); // signals the PULL's mailbox
		long before = this.poller.wakeUps();
		assertThat(this.poller.poll(1, 50)).as("paused: only the control pipe").isZero();
		assertThat(this.poller.wakeUps() - before).as("the muted PULL never woke the selector").isLessThanOrEqualTo(2);
		assertThat(this.poller.poll(2, WAIT)).as("resumed: listening again").isEqualTo(1);
		assertThat(this.pull.recvStr(ZMQ.DONTWAIT)).isEqualTo("queued");
	}

	@Test
	void aReceiverGetsEveryMessageOfABurstyTcpSenderExactlyOnceInOrder() throws Exception {
		// tcp: the signals come from JeroMQ's I/O thread, concurrently with this poll loop, so some of
		// them wake the poller before they are counted, and the poller waits them out on the socket
		ZMQ.Socket in = this.context.createSocket(SocketType.PULL);
		in.setReceiveTimeOut(1);
		int port = in.bindToRandomPort("tcp://127.0.0.1");
		long[] next = { 0 };
		this.poller.register(in, (socket) -> {
			for (int n = 0; n < 64; n++) {
				byte[] body = socket.recv((n == 0) ? 0 : ZMQ.DONTWAIT);
				if (body == null) {
					return;
				}
				assertThat(Long.parseLong(new String(body, StandardCharsets.US_ASCII))).isEqualTo(next[0]++);
			}
		}, true);
		int total = 50_000;
		Thread sender = new Thread(() -> {
			try (ZMQ.Socket out = this.context.createSocket(SocketType.PUSH)) {
				out.setSndHWM(0);
				out.connect("tcp://127.0.0.1:" + port);
				for (int i = 0; i < total; i++) {
					out.send(Long.toString(i));
					if (i % 100 == 0) {
						Thread.onSpinWait(); // bursts: the receiver keeps catching up and waiting again
					}
				}
				out.setLinger(WAIT);
			}
		});
		sender.start();
		long deadline = System.currentTimeMillis() + 30_000;
		while (next[0] < total && System.currentTimeMillis() < deadline) {
			if (this.poller.poll(3, 100) > 0) {
				ZmqActorPoller.Registration registration = this.poller.registration(2);
				if (registration.readable) {
					registration.handler.onReadable(in);
				}
			}
		}
		sender.join(WAIT);
		assertThat(next[0]).isEqualTo(total);
		assertThat(in.recv(ZMQ.DONTWAIT)).as("nothing twice").isNull();
	}

	@Test
	void aSocketRegisteredAgainRightAfterUnregisterIsPolled() throws Exception {
		assertThat(this.poller.poll(2, 1)).isZero(); // gives both sockets a selection key
		this.poller.unregister(this.pull); // cancels its key; the selector still holds it
		this.poller.register(this.pull, (socket) -> { }, false);
		assertThat(this.poller.poll(2, 1)).isZero(); // registers the channel again
		this.push.send("after");
		assertThat(this.poller.poll(2, WAIT)).isEqualTo(1);
		assertThat(this.poller.registration(1).socket).isSameAs(this.pull);
		assertThat(this.poller.registration(1).readable).isTrue();
	}

	@Test
	void unregisteredSocketsAreNotPolled() throws Exception {
		this.poller.unregister(this.pull);
		this.push.send("ignored");
		assertThat(this.poller.count()).isEqualTo(1);
		assertThat(this.poller.poll(1, 20)).isZero();
	}

	@Test
	void aTerminatedContextEndsThePoll() throws Exception {
		Thread closer = new Thread(() -> this.context.getContext().term());
		closer.start();
		assertThat(this.poller.poll(2, -1)).isEqualTo(ZmqActorPoller.TERMINATED);
		this.control.setLinger(0);
		this.pull.setLinger(0);
		this.push.setLinger(0);
		this.control.close();
		this.pull.close();
		this.push.close();
		closer.join(WAIT);
		assertThat(closer.isAlive()).isFalse();
	}

}
