package dev.zmqspring.actor;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The actor's mailbox on a real actor: tasks from any thread run on the actor thread, commands go
 * through it, an interrupted thread may post, and nothing runs after the actor ended.
 */
class ZmqActorMailboxTests {

	private ZContext context;

	private ZmqSocketFactory factory;

	@BeforeEach
	void setUp() {
		this.context = new ZContext(1);
		this.factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS);
	}

	@AfterEach
	void tearDown() {
		this.context.close();
	}

	@Test
	void tasksFromManyThreadsRunOnTheActorThreadEveryOneOnce() throws Exception {
		Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
		AtomicInteger ran = new AtomicInteger();
		ZmqActor actor = new ZmqActor("mailbox-test", this.factory, (loop) -> { });
		actor.start(Duration.ofSeconds(5));
		int threads = 4;
		int perThread = 2_000;
		CountDownLatch posted = new CountDownLatch(threads);
		for (int t = 0; t < threads; t++) {
			new Thread(() -> {
				for (int i = 0; i < perThread; i++) {
					actor.mailbox().execute(() -> {
						ranOn.add(Thread.currentThread());
						ran.incrementAndGet();
					});
				}
				posted.countDown();
			}, "poster-" + t).start();
		}
		assertThat(posted.await(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ran).hasValue(threads * perThread));
		assertThat(ranOn).extracting(Thread::getName).containsExactly("zmq-mailbox-test");
		assertThat(actor.stop(Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void mailWakesAnActorBlockedOnItsSocketsAndAPausedOne() throws Exception {
		ZmqActor actor = new ZmqActor("mailbox-wake", this.factory, (loop) -> {
			ZMQ.Socket pull = loop.socket(SocketType.PULL, List.of(ZmqEndpoint.bind("inproc://mailbox-wake")));
			loop.register(pull, (socket) -> socket.recv(ZMQ.DONTWAIT));
		});
		actor.start(Duration.ofSeconds(5));
		CountDownLatch first = new CountDownLatch(1);
		actor.mailbox().execute(first::countDown);
		assertThat(first.await(5, TimeUnit.SECONDS)).as("woken while polling an idle socket").isTrue();

		assertThat(actor.pause(Duration.ofSeconds(5))).isTrue();
		assertThat(actor.getState()).isEqualTo(ZmqActorState.PAUSED);
		CountDownLatch second = new CountDownLatch(1);
		actor.mailbox().execute(second::countDown);
		assertThat(second.await(5, TimeUnit.SECONDS)).as("woken while paused").isTrue();
		assertThat(actor.resume(Duration.ofSeconds(5))).isTrue();
		assertThat(actor.getState()).isEqualTo(ZmqActorState.RUNNING);
		assertThat(actor.stop(Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void anInterruptedThreadPostsAndKeepsItsFlag() throws Exception {
		ZmqActor actor = new ZmqActor("mailbox-interrupted", this.factory, (loop) -> { });
		actor.start(Duration.ofSeconds(5));
		CountDownLatch ran = new CountDownLatch(1);
		AtomicInteger flagAfter = new AtomicInteger(-1);
		Thread poster = new Thread(() -> {
			Thread.currentThread().interrupt();
			actor.mailbox().execute(ran::countDown);
			flagAfter.set(Thread.currentThread().isInterrupted() ? 1 : 0);
		});
		poster.start();
		poster.join(5_000);
		assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(flagAfter).hasValue(1);
		assertThat(actor.stop(Duration.ofSeconds(5))).isTrue();
	}

	@Test
	void postsAfterTheActorEndedAreRejectedAndCommandsReportFalse() {
		ZmqActor actor = new ZmqActor("mailbox-ended", this.factory, (loop) -> { });
		actor.start(Duration.ofSeconds(5));
		assertThat(actor.stop(Duration.ofSeconds(5))).isTrue();
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> actor.mailbox().execute(() -> { }))
			.withMessageContaining("mailbox-ended");
		assertThat(actor.pause(Duration.ofSeconds(1))).isFalse();
	}

}
