package dev.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.zmqspring.support.InvalidEndpointException;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqInterruptedException;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

class ZmqTemplateTests {

	private ZContext context;

	private ZmqSocketFactory factory;

	private ZmqTemplate template;

	private final List<ZmqTestSupport.Server> servers = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.context = new ZContext();
		// asynchronous requests resend on one DEALER per endpoint: a JeroMQ handshake stall (docs/jeromq.md)
		// must end within their 4 attempts of 300 ms, which the default 2 s interval does not
		this.factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO)
			.withHandshakeInterval(Duration.ofMillis(300)));
		this.template = new ZmqTemplate(this.factory, ZmqMessageConverters.defaults(), Duration.ofMillis(300), 3);
	}

	@AfterEach
	void tearDown() {
		this.servers.forEach(ZmqTestSupport.Server::stop);
		this.template.destroy();
		this.context.close();
	}

	private ZmqTestSupport.Server echo(String endpoint) {
		ZmqTestSupport.Server server = new ZmqTestSupport.Server(this.factory, endpoint, (request) -> {
			ZMsg reply = new ZMsg();
			request.forEach((frame) -> reply.add("echo " + frame.getString(StandardCharsets.UTF_8)));
			return reply;
		}).start();
		this.servers.add(server);
		return server;
	}

	@Test
	void publishesWithTopicEnvelopeAndSubscribersFilterByTopic() {
		String endpoint = this.template.bind("@tcp://127.0.0.1:*", SocketType.PUB).get(0);
		try (ZMQ.Socket sub = this.factory.create(SocketType.SUB, ZmqEndpoint.parseAll(endpoint, SocketType.SUB, "test"))) {
			sub.subscribe("10001");
			sub.setReceiveTimeOut(50);
			// slow joiner (Guide ch.1): keep publishing until the subscription has propagated
			List<String> received = new ArrayList<>();
			await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
				this.template.publish("@tcp://127.0.0.1:*", "10002", "other");
				this.template.publish("@tcp://127.0.0.1:*", "10001", "wanted");
				ZMsg msg = ZMsg.recvMsg(sub);
				if (msg != null) {
					received.add(msg.popString() + "|" + msg.popString() + "|" + msg.size());
				}
				return !received.isEmpty();
			});
			assertThat(received).allMatch("10001|wanted|0"::equals);
		}
	}

	@Test
	void publishesOverInproc() {
		try (ZMQ.Socket sub = this.factory.create(SocketType.SUB, List.of(ZmqEndpoint.bind("inproc://weather")))) {
			sub.subscribe("");
			sub.setReceiveTimeOut(50);
			List<String> topics = new ArrayList<>();
			await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
				this.template.publish(">inproc://weather", "t", "payload");
				ZMsg msg = ZMsg.recvMsg(sub);
				if (msg != null) {
					topics.add(msg.popString());
				}
				return !topics.isEmpty();
			});
			assertThat(topics).containsOnly("t");
		}
	}

	@Test
	void pushesToAPuller() {
		try (ZMQ.Socket pull = this.factory.create(SocketType.PULL, ZmqEndpoint.parseAll("tcp://127.0.0.1:*", SocketType.PULL, "test"))) {
			String endpoint = pull.getLastEndpoint();
			for (int i = 0; i < 100; i++) {
				this.template.push(endpoint, "task " + i);
			}
			pull.setReceiveTimeOut(5000);
			for (int i = 0; i < 100; i++) {
				assertThat(pull.recvStr()).isEqualTo("task " + i);
			}
		}
	}

	@Test
	void pushesToABoundSocketFromManyThreads() throws Exception {
		String endpoint = this.template.bind("@tcp://127.0.0.1:*", SocketType.PUSH).get(0);
		try (ZMQ.Socket pull = this.factory.create(SocketType.PULL, List.of(ZmqEndpoint.connect(endpoint)))) {
			ExecutorService pool = Executors.newFixedThreadPool(4);
			try {
				for (int t = 0; t < 4; t++) {
					int thread = t;
					pool.submit(() -> {
						for (int i = 0; i < 250; i++) {
							this.template.push("@tcp://127.0.0.1:*", thread + ":" + i);
						}
					});
				}
				pull.setReceiveTimeOut(5000);
				Set<String> received = new HashSet<>();
				for (int i = 0; i < 1000; i++) {
					received.add(pull.recvStr());
				}
				assertThat(received).hasSize(1000).doesNotContainNull();
			}
			finally {
				pool.shutdown();
			}
		}
	}

	@Test
	void requestReplyOverTcpAndInproc() {
		ZmqTestSupport.Server tcp = echo("tcp://127.0.0.1:*");
		ZmqTestSupport.Server inproc = echo("inproc://echo");
		assertThat(this.template.request(tcp.bound, "hello", String.class)).isEqualTo("echo hello");
		assertThat(this.template.request("inproc://echo", "hello", String.class)).isEqualTo("echo hello");
		assertThat(this.template.request(tcp.bound, "bytes".getBytes(StandardCharsets.UTF_8), byte[].class))
			.asString(StandardCharsets.UTF_8)
			.isEqualTo("echo bytes");
		assertThat(inproc.requests).hasValue(1);
	}

	@Test
	void eightThreadsTimesOneThousandConcurrentRequestsAreAllCorrelated() throws Exception {
		ZmqTestSupport.Server server = echo("tcp://127.0.0.1:*");
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			CountDownLatch start = new CountDownLatch(1);
			for (int t = 0; t < 8; t++) {
				int thread = t;
				results.add(pool.submit(() -> {
					start.await();
					int ok = 0;
					for (int i = 0; i < 1000; i++) {
						String request = thread + "-" + i;
						String reply = this.template.request(server.bound, request, String.class, Duration.ofSeconds(10), 0);
						assertThat(reply).isEqualTo("echo " + request);
						ok++;
					}
					return ok;
				}));
			}
			start.countDown();
			for (Future<Integer> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(1000);
			}
			assertThat(server.requests).hasValue(8000);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void asyncRequestsManyInFlightAreCorrelated() {
		ZmqTestSupport.Server server = echo("tcp://127.0.0.1:*");
		List<CompletableFuture<String>> futures = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			futures.add(this.template.requestAsync(server.bound, "r" + i, String.class));
		}
		for (int i = 0; i < 2000; i++) {
			assertThat(futures.get(i).orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo("echo r" + i);
		}
	}

	@Test
	void multipartRoundTripOfFiveFrames() {
		ZmqTestSupport.Server server = echo("tcp://127.0.0.1:*");
		ZMsg request = new ZMsg();
		for (int i = 1; i <= 5; i++) {
			request.add("frame" + i);
		}
		ZMsg reply = this.template.request(server.bound, request, ZMsg.class);
		assertThat(reply).hasSize(5);
		List<String> frames = new ArrayList<>();
		reply.forEach((frame) -> frames.add(frame.getString(StandardCharsets.UTF_8)));
		assertThat(frames).containsExactly("echo frame1", "echo frame2", "echo frame3", "echo frame4", "echo frame5");
		ZMsg async = this.template.requestAsync(server.bound, request, ZMsg.class).orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(async).hasSize(5);
	}

	@Test
	void rawMultipartSendOnDealer() {
		try (ZMQ.Socket router = this.factory.create(SocketType.ROUTER, ZmqEndpoint.parseAll("tcp://127.0.0.1:*", SocketType.ROUTER, "test"))) {
			ZMsg msg = new ZMsg();
			msg.add("a");
			msg.add(new ZFrame(new byte[0]));
			msg.add("c");
			this.template.send(router.getLastEndpoint(), SocketType.DEALER, msg);
			router.setReceiveTimeOut(5000);
			ZMsg received = ZMsg.recvMsg(router);
			assertThat(received).hasSize(4); // identity + 3 frames
			received.pop();
			assertThat(received.popString()).isEqualTo("a");
			assertThat(received.pop().size()).isZero();
			assertThat(received.popString()).isEqualTo("c");
		}
	}

	@Test
	void lazyPirateRecoversWhenTheServerIsRestartedMidRun() {
		ZmqTestSupport.Server first = echo("tcp://127.0.0.1:*");
		String endpoint = first.bound;
		assertThat(this.template.request(endpoint, "before", String.class)).isEqualTo("echo before");
		first.stop();
		this.servers.remove(first);
		AtomicReference<String> reply = new AtomicReference<>();
		CompletableFuture<Void> client = CompletableFuture.runAsync(() -> reply
			.set(this.template.request(endpoint, "during", String.class, Duration.ofMillis(200), 50)));
		// the first attempts time out against the dead endpoint; then the server comes back on the same port
		await().atMost(Duration.ofSeconds(5)).until(() -> this.context.getSockets().size() > 0);
		echo(endpoint);
		client.orTimeout(30, TimeUnit.SECONDS).join();
		assertThat(reply.get()).isEqualTo("echo during");
	}

	@Test
	void deadEndpointTimesOutAfterRetriesAndLeavesNoSocketOrThread() {
		this.factory.create(SocketType.PAIR).close(); // JeroMQ starts its I/O and reaper threads on first use
		int socketsBefore = this.context.getSockets().size();
		int threadsBefore = Thread.activeCount();
		assertThatExceptionOfType(ZmqRequestTimeoutException.class)
			.isThrownBy(() -> this.template.request("tcp://127.0.0.1:1", "anyone?", String.class))
			.withMessageContaining("tcp://127.0.0.1:1")
			.withMessageContaining("4 attempts")
			.withMessageContaining("300 ms");
		assertThat(this.template.getThreadSocketCount()).isZero();
		assertThat(this.context.getSockets()).hasSize(socketsBefore);
		assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
	}

	@Test
	void asyncRequestToDeadEndpointFailsAfterRetries() {
		CompletableFuture<String> future = this.template.requestAsync("tcp://127.0.0.1:1", "anyone?", String.class);
		assertThatExceptionOfType(java.util.concurrent.CompletionException.class)
			.isThrownBy(() -> future.orTimeout(30, TimeUnit.SECONDS).join())
			.withCauseInstanceOf(ZmqRequestTimeoutException.class);
	}

	@Test
	void asyncRequestIsSentOncePerAttemptThenFails() {
		try (ZMQ.Socket silent = this.factory.create(SocketType.ROUTER,
				ZmqEndpoint.parseAll("tcp://127.0.0.1:*", SocketType.ROUTER, "test"))) {
			CompletableFuture<String> future = this.template.requestAsync(silent.getLastEndpoint(), "hello?", String.class);
			assertThatExceptionOfType(java.util.concurrent.CompletionException.class)
				.isThrownBy(() -> future.orTimeout(30, TimeUnit.SECONDS).join())
				.withCauseInstanceOf(ZmqRequestTimeoutException.class)
				.withMessageContaining("4 attempts");
			silent.setReceiveTimeOut(1000);
			int requests = 0;
			ZMsg request;
			while ((request = ZMsg.recvMsg(silent)) != null) {
				assertThat(request.getLast().getString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello?");
				requests++;
				silent.setReceiveTimeOut(100);
			}
			assertThat(requests).as("one request per Lazy Pirate attempt").isEqualTo(4);
		}
	}

	@Test
	void asyncRequestsStillOpenFailWhenTheTemplateCloses() {
		try (ZMQ.Socket silent = this.factory.create(SocketType.ROUTER,
				ZmqEndpoint.parseAll("tcp://127.0.0.1:*", SocketType.ROUTER, "test"))) {
			ZmqTemplate slow = new ZmqTemplate(this.factory, ZmqMessageConverters.defaults(), Duration.ofSeconds(30), 0);
			CompletableFuture<String> future = slow.requestAsync(silent.getLastEndpoint(), "hello?", String.class);
			silent.setReceiveTimeOut(5000);
			assertThat(ZMsg.recvMsg(silent)).as("the request went out").isNotNull();
			slow.destroy();
			assertThatExceptionOfType(java.util.concurrent.CompletionException.class)
				.isThrownBy(() -> future.orTimeout(10, TimeUnit.SECONDS).join())
				.havingCause()
				.withMessageContaining("closed before a reply arrived");
		}
	}

	@Test
	void aServerPairFailsOverForBlockingAndAsynchronousRequestsAndStaysWithTheOneThatAnswered() {
		ZmqTestSupport.Server backup = new ZmqTestSupport.Server(this.factory, "tcp://127.0.0.1:*",
				(request) -> new ZMsg().addString("backup"))
			.start();
		this.servers.add(backup);
		String pair = "tcp://127.0.0.1:1|" + backup.bound; // Binary Star client (Guide ch.4 bstarcli)
		assertThat(this.template.request(pair, "hi", String.class)).isEqualTo("backup");
		int before = backup.requests.get();
		assertThat(this.template.requestAsync(pair, "hi", String.class).orTimeout(10, TimeUnit.SECONDS).join())
			.isEqualTo("backup");
		assertThat(this.template.request(pair, "again", String.class, Duration.ofMillis(300), 0))
			.as("the server that answered stays current: no attempt at the dead one").isEqualTo("backup");
		assertThat(backup.requests.get() - before).isEqualTo(2);
		// a template whose first request is asynchronous starts at the dead server and fails over too
		ZmqTemplate other = new ZmqTemplate(this.factory, ZmqMessageConverters.defaults(), Duration.ofMillis(300), 3);
		try {
			assertThat(other.requestAsync(pair, "async first", String.class).orTimeout(10, TimeUnit.SECONDS).join())
				.isEqualTo("backup");
		}
		finally {
			other.destroy();
		}
	}

	@Test
	void failoverPolicyMovesToTheServerThatAnswers() {
		ZmqTestSupport.Server server = new ZmqTestSupport.Server(this.factory, "tcp://127.0.0.1:*",
				(request) -> new ZMsg().addString("from backup"))
			.start();
		this.servers.add(server);
		List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
		String dead = "tcp://127.0.0.1:1";
		ZmqFailoverPolicy pair = new ZmqFailoverPolicy() {

			@Override
			public String server(int attempt) {
				return (attempt % 2 == 0) ? dead : server.bound;
			}

			@Override
			public void answered(String answered) {
				events.add("answered " + answered);
			}

			@Override
			public void timedOut(String silent) {
				events.add("timed out " + silent);
			}

		};
		assertThat(this.template.request(pair, "hi", String.class, Duration.ofMillis(300), 3)).isEqualTo("from backup");
		assertThat(events).containsExactly("timed out " + dead, "answered " + server.bound);
	}

	@Test
	void errorReplyBecomesRemoteException() {
		ZmqTestSupport.Server server = new ZmqTestSupport.Server(this.factory, "tcp://127.0.0.1:*",
				(request) -> ZmqErrorReply.of(new IllegalStateException("boom")))
			.start();
		this.servers.add(server);
		assertThatExceptionOfType(ZmqRemoteException.class)
			.isThrownBy(() -> this.template.request(server.bound, "x", String.class))
			.withMessageContaining("java.lang.IllegalStateException: boom");
		assertThatExceptionOfType(java.util.concurrent.CompletionException.class)
			.isThrownBy(() -> this.template.requestAsync(server.bound, "x", String.class).orTimeout(10, TimeUnit.SECONDS).join())
			.withCauseInstanceOf(ZmqRemoteException.class);
	}

	@Test
	void unconvertiblePayloadFailsNamingTheTypeAndSendsNothing() {
		try (ZMQ.Socket pull = this.factory.create(SocketType.PULL, ZmqEndpoint.parseAll("tcp://127.0.0.1:*", SocketType.PULL, "test"))) {
			String endpoint = pull.getLastEndpoint();
			assertThatExceptionOfType(ZmqMessageConversionException.class)
				.isThrownBy(() -> this.template.push(endpoint, new Object()))
				.withMessageContaining("java.lang.Object");
			this.template.push(endpoint, "after");
			pull.setReceiveTimeOut(5000);
			assertThat(pull.recvStr()).isEqualTo("after");
		}
	}

	@Test
	void interruptedCallerGetsAnExceptionAndOthersCarryOn() throws Exception {
		ZmqTestSupport.Server server = echo("tcp://127.0.0.1:*");
		// a server that never answers keeps the victim blocked inside request()
		try (ZMQ.Socket silent = this.factory.create(SocketType.ROUTER, ZmqEndpoint.parseAll("tcp://127.0.0.1:*", SocketType.ROUTER, "test"))) {
			String silentEndpoint = silent.getLastEndpoint();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			AtomicReference<Boolean> flagKept = new AtomicReference<>();
			Thread victim = new Thread(() -> {
				try {
					this.template.request(silentEndpoint, "wait", String.class, Duration.ofSeconds(30), 0);
				}
				catch (Throwable ex) {
					failure.set(ex);
					flagKept.set(Thread.currentThread().isInterrupted());
				}
			});
			victim.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> victim.getState() == Thread.State.TIMED_WAITING
					|| victim.getState() == Thread.State.WAITING || victim.getState() == Thread.State.RUNNABLE);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.template.getThreadSocketCount() > 0);
			victim.interrupt();
			victim.join(10_000);
			assertThat(failure.get()).isInstanceOf(ZmqInterruptedException.class);
			assertThat(flagKept.get()).isTrue();
			assertThat(this.template.request(server.bound, "still working", String.class)).isEqualTo("echo still working");
		}
	}

	@Test
	void sendRejectsSocketTypesThatCannotSendOrNeedReplies() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.template.send("tcp://127.0.0.1:5", SocketType.REQ, new ZMsg()))
			.withMessageContaining("request()");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.template.send("tcp://127.0.0.1:5", SocketType.PULL, new ZMsg()));
	}

	@Test
	void malformedEndpointFailsNamingTheValue() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.template.push("foo://bar", "x"))
			.withMessageContaining("foo://bar")
			.withMessageContaining("unknown transport 'foo'");
	}

}
