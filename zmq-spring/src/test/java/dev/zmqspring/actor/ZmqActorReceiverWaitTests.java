package dev.zmqspring.actor;

import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import zmq.ZError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * How the actor waits on a receiver socket after an early wake-up
 * ({@link ZmqActorMailbox#awaitInput}, {@code ZmqActorPoller#poll}): on the socket's own signal,
 * until input arrives, mail is posted (the post cancels the wait), the time is up or the context is
 * terminated. The waits are ten minutes long and the tests time out after 30 s: a wait that only a
 * timeout ends fails the test. The test thread plays the actor and owns the receiving sockets;
 * every other socket belongs to the helper thread that uses it.
 */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class ZmqActorReceiverWaitTests {

	private static final int LONG_WAIT_MILLIS = 600_000;

	private ZContext context;

	private ZmqActorMailbox mailbox;

	private ZMQ.Socket pull;

	@BeforeEach
	void open() {
		this.context = new ZContext();
		this.mailbox = new ZmqActorMailbox("receiver-wait");
		this.pull = this.context.createSocket(SocketType.PULL);
		this.pull.bind("inproc://receiver-wait");
	}

	@AfterEach
	void close() {
		this.context.close();
	}

	@Test
	void aPostEndsTheWait() throws Exception {
		Thread poster = helper(() -> this.mailbox.execute(() -> { }));
		assertThat(this.mailbox.awaitInput(this.pull.base(), LONG_WAIT_MILLIS)).isFalse();
		assertThat(this.mailbox.hasMail()).isTrue();
		assertThat(this.mailbox.isWaiting()).isFalse();
		poster.join();
		assertThat(this.mailbox.run()).isEqualTo(1);
	}

	@Test
	void mailPostedBeforeTheWaitEndsItAtOnce() {
		this.mailbox.execute(() -> { });
		assertThat(this.mailbox.awaitInput(this.pull.base(), LONG_WAIT_MILLIS)).isFalse();
	}

	@Test
	void inputEndsTheWaitAndStaysQueuedAndAPeerArrivingWithoutInputDoesNot() throws Exception {
		// the PUSH's connect reaches the PULL as a command (a new pipe) before its message: that
		// wake-up brings no input, and the wait goes on until the message
		Thread sender = helper(null);
		assertThat(this.mailbox.awaitInput(this.pull.base(), LONG_WAIT_MILLIS)).isTrue();
		assertThat(this.pull.recvStr(ZMQ.DONTWAIT)).isEqualTo("hello");
		sender.join();
	}

	@Test
	void aPostAfterACancelledWaitLeavesTheSocketWorking() throws Exception {
		Thread poster = helper(() -> this.mailbox.execute(() -> { }));
		assertThat(this.mailbox.awaitInput(this.pull.base(), LONG_WAIT_MILLIS)).isFalse();
		poster.join();
		assertThat(this.mailbox.run()).isEqualTo(1);
		this.mailbox.execute(() -> { }); // no wait in progress: nothing is cancelled
		assertThat(this.mailbox.run()).isEqualTo(1);
		Thread sender = helper(null);
		assertThat(this.mailbox.awaitInput(this.pull.base(), LONG_WAIT_MILLIS)).isTrue();
		assertThat(this.pull.recvStr(ZMQ.DONTWAIT)).isEqualTo("hello");
		sender.join();
	}

	@Test
	void theWaitEndsWhenItsTimeIsUp() {
		assertThat(this.mailbox.awaitInput(this.pull.base(), 20)).isFalse();
		assertThat(this.mailbox.hasMail()).isFalse();
	}

	@Test
	void aTerminatedContextEndsTheWait() throws Exception {
		ZMQ.Context own = ZMQ.context(1);
		ZMQ.Socket socket = own.socket(SocketType.PULL);
		socket.setLinger(0);
		socket.bind("inproc://receiver-wait-term");
		Thread terminator = new Thread(() -> {
			await().atMost(Duration.ofSeconds(10)).until(this.mailbox::isWaiting);
			own.term();
		}, "terminator");
		terminator.start();
		assertThatExceptionOfType(ZError.CtxTerminatedException.class)
			.isThrownBy(() -> this.mailbox.awaitInput(socket.base(), LONG_WAIT_MILLIS));
		socket.close();
		terminator.join();
	}

	@Test
	void aReceiverWokenWithoutInputIsHandedOverOnlyWithInput() throws Exception {
		try (Selector selector = Selector.open()) {
			ZmqActorPoller poller = receiverPoller(selector);
			Thread sender = helper(null);
			assertThat(poller.poll(1, -1)).isEqualTo(1);
			assertThat(poller.registration(0).readable).isTrue();
			assertThat(this.pull.recvStr(ZMQ.DONTWAIT)).as("queued when the handler is called").isEqualTo("hello");
			sender.join();
		}
	}

	@Test
	void mailEndsAReceiversWaitInThePoller() throws Exception {
		try (Selector selector = Selector.open()) {
			ZmqActorPoller poller = receiverPoller(selector);
			Thread poster = helper(() -> this.mailbox.execute(() -> { }));
			assertThat(poller.poll(1, -1)).isZero();
			assertThat(this.mailbox.hasMail()).isTrue();
			assertThat(poller.registration(0).readable).isFalse();
			poster.join();
		}
	}

	@Test
	void aHandlersWaitThroughItsLoopEndsWithInput() throws Exception {
		// the loop's wait is bounded by RECEIVER_WAIT (10 ms): wait again until the helper, which
		// sends once it sees a wait in progress, has sent
		ZmqActorLoop loop = new ZmqActorLoop("receiver-wait", null, this.mailbox, new ZmqCounters());
		loop.wakeAt(-1);
		Thread sender = helper(null);
		while (!loop.awaitInput(this.pull)) {
			assertThat(this.mailbox.hasMail()).isFalse();
		}
		assertThat(this.pull.recvStr(ZMQ.DONTWAIT)).isEqualTo("hello");
		sender.join();
	}

	@Test
	void aDueTimerEndsAHandlersWaitBeforeItBegins() {
		ZmqActorLoop loop = new ZmqActorLoop("receiver-wait", null, this.mailbox, new ZmqCounters());
		loop.wakeAt(System.currentTimeMillis() - 1);
		assertThat(loop.awaitInput(this.pull)).isFalse();
		assertThat(this.mailbox.isWaiting()).isFalse();
	}

	/** A poller with the PULL registered as a receiver, its selection key given, waits ten minutes long. */
	private ZmqActorPoller receiverPoller(Selector selector) throws Exception {
		ZmqActorPoller poller = new ZmqActorPoller(selector, this.mailbox, Duration.ofMillis(LONG_WAIT_MILLIS));
		poller.register(this.pull, (socket) -> { }, true);
		assertThat(poller.poll(1, 1)).isZero(); // gives the socket its selection key
		return poller;
	}

	/**
	 * Starts a thread that connects a PUSH of its own (a command without input for the PULL), makes
	 * sure the test thread is in its wait, then runs {@code action}, or sends "hello" if it is
	 * {@code null}.
	 */
	private Thread helper(Runnable action) {
		Thread thread = new Thread(() -> {
			try (ZMQ.Socket push = this.context.createSocket(SocketType.PUSH)) {
				push.setLinger(1_000);
				push.connect("inproc://receiver-wait");
				arriveUntilWaiting();
				if (action != null) {
					action.run();
				}
				else {
					push.send("hello");
				}
			}
		}, "helper");
		thread.start();
		return thread;
	}

	/**
	 * Connects more PUSH sockets (on the calling thread, which closes them) until the actor is seen
	 * waiting. One arrival is not enough: the actor may take its command before it selects (a
	 * {@code ZMQ_EVENTS} check processes commands) and then sleep on the selector with no wake-up to
	 * come; every later arrival wakes it again, and an arrival never ends a wait already begun.
	 */
	private void arriveUntilWaiting() {
		List<ZMQ.Socket> arrivals = new ArrayList<>();
		try {
			await().atMost(Duration.ofSeconds(10))
				.pollInSameThread()
				.pollInterval(Duration.ofMillis(5))
				.until(() -> {
					if (this.mailbox.isWaiting()) {
						return true;
					}
					ZMQ.Socket another = this.context.createSocket(SocketType.PUSH);
					arrivals.add(another);
					another.connect("inproc://receiver-wait");
					return false;
				});
		}
		finally {
			arrivals.forEach(ZMQ.Socket::close);
		}
	}

}
