package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.core.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ZmqWorker} request-reply over real sockets: REP (tcp and inproc, Guide ch.1), the ch.2
 * multithreaded server, ROUTER and DEALER envelopes (ch.3), asynchronous replies, error replies,
 * and the registry's life-cycle operations.
 */
class ZmqWorkerRequestReplyTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = ZmqListenerTestConfiguration.runner();

	@Test
	void repWorkerRepliesOverTcpAndInproc() {
		this.runner.withUserConfiguration(EchoWorkers.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			assertThat(registry.getListenerIds()).hasSize(3).contains("tcpEcho", "void");
			// the default id is <bean name>.<method name>
			assertThat(registry.getListenerIds()).anyMatch((id) -> id.endsWith("EchoWorkers.inprocEcho"));
			String endpoint = registry.getEndpoints("tcpEcho").get(0);
			assertThat(endpoint).startsWith("tcp://127.0.0.1:").doesNotEndWith(":*");
			for (int i = 0; i < 10; i++) {
				assertThat(template.request(endpoint, "Hello " + i, String.class)).isEqualTo("World Hello " + i);
			}
			assertThat(template.request("inproc://listener-tests-echo", "in", String.class)).isEqualTo("inproc in");
			// a void REP method still answers (REP lock-step): one empty frame
			assertThat(template.request("inproc://listener-tests-void", "ack", byte[].class)).isEmpty();
			assertThat(context.getBean(EchoWorkers.class).acknowledged).containsExactly("ack");
			assertThat(template.requestAsync(endpoint, "async", String.class).get(20, TimeUnit.SECONDS))
				.isEqualTo("World async");
			assertThat(registry.getState("tcpEcho")).isEqualTo(ZmqActorState.RUNNING);
			await().atMost(WAIT).untilAsserted(() -> assertThat(registry.getListenerContainer("tcpEcho").getCounters().getHandled()).isEqualTo(11));
			await().atMost(WAIT).untilAsserted(() -> assertThat(registry.getListenerContainer("tcpEcho").getCounters().getMessagesOut()).isEqualTo(11));
			assertThat(registry.getListenerContainer("tcpEcho").getKind()).isEqualTo("listener");
		});
	}

	@Test
	void failingHandlerRepliesAnErrorFrameAndCallsTheErrorHandler() {
		this.runner.withUserConfiguration(FailingWorker.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			FailingWorker worker = context.getBean(FailingWorker.class);
			String endpoint = registry.getEndpoints("failing").get(0);
			assertThatExceptionOfType(ZmqRemoteException.class)
				.isThrownBy(() -> template.request(endpoint, "boom", String.class))
				.withMessageContaining("IllegalArgumentException")
				.withMessageContaining("no boom please");
			// the listener keeps going
			assertThat(template.request(endpoint, "fine", String.class)).isEqualTo("ok fine");
			ZmqListenerFailure failure = worker.failures.poll(20, TimeUnit.SECONDS);
			assertThat(failure).isNotNull();
			assertThat(failure.listenerId()).isEqualTo("failing");
			assertThat(failure.source()).endsWith("FailingWorker.handle");
			assertThat(failure.message().getFirst().getString(StandardCharsets.UTF_8)).isEqualTo("boom");
			assertThat(failure.exception()).isInstanceOf(IllegalArgumentException.class);
			assertThat(registry.getListenerContainer("failing").getCounters().getErrors()).isEqualTo(1);
		});
	}

	@Test
	void jsonPayloadsAndConversionFailures() {
		this.runner.withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations
			.of(org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class))
			.withUserConfiguration(JsonWorker.class)
			.run((context) -> {
				ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				JsonWorker worker = context.getBean(JsonWorker.class);
				String endpoint = registry.getEndpoints("json").get(0);
				Reading reply = template.request(endpoint, new Reading("10001", 21), Reading.class);
				assertThat(reply).isEqualTo(new Reading("10001", 42));
				// a frame that is not JSON: the requester gets an error reply, the error handler the raw frame
				assertThatExceptionOfType(ZmqRemoteException.class)
					.isThrownBy(() -> template.request(endpoint, "not json", String.class))
					.withMessageContaining("Cannot read JSON frame");
				ZmqListenerFailure failure = worker.failures.poll(20, TimeUnit.SECONDS);
				assertThat(failure.exception()).isInstanceOf(dev.zmqspring.core.ZmqMessageConversionException.class);
				assertThat(failure.message().getFirst().getString(StandardCharsets.UTF_8)).isEqualTo("not json");
				assertThat(template.request(endpoint, new Reading("10002", 1), Reading.class))
					.isEqualTo(new Reading("10002", 2));
			});
	}

	@Test
	void rawErrorReplyIsTheDocumentedTwoFrames() {
		this.runner.withUserConfiguration(FailingWorker.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			String endpoint = registry.getEndpoints("failing").get(0);
			ZmqSocketFactory factory = context.getBean(ZmqSocketFactory.class);
			ZMQ.Socket req = factory.create(SocketType.REQ, List.of(ZmqEndpoint.connect(endpoint)));
			try {
				req.setReceiveTimeOut(20_000);
				req.send("boom");
				ZMsg reply = ZMsg.recvMsg(req);
				assertThat(reply).hasSize(2);
				assertThat(reply.popString()).isEqualTo(ZmqErrorReply.MARKER);
				assertThat(reply.popString()).startsWith("java.lang.IllegalArgumentException: no boom please");
			}
			finally {
				factory.close(req);
			}
		});
	}

	@Test
	void multithreadedServerRunsFourHandlersInParallel() {
		this.runner.withUserConfiguration(ParallelWorker.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			String endpoint = registry.getEndpoints("parallel").get(0);
			List<CompletableFuture<String>> replies = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				replies.add(template.requestAsync(endpoint, "r" + i, String.class));
			}
			// each handler waits at a barrier of 4: the replies only come if 4 threads are inside at once
			Set<String> threads = ConcurrentHashMap.newKeySet();
			for (CompletableFuture<String> reply : replies) {
				threads.add(reply.get(30, TimeUnit.SECONDS));
			}
			assertThat(threads).hasSize(4);
			await().atMost(WAIT).untilAsserted(() -> assertThat(registry.getListenerContainer("parallel").getCounters().getHandled()).isEqualTo(4));
		});
	}

	@Test
	void routerWorkerKeepsTheRoutingEnvelope() {
		this.runner.withUserConfiguration(RouterWorker.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			RouterWorker worker = context.getBean(RouterWorker.class);
			String endpoint = registry.getEndpoints("router").get(0);
			// REQ: [identity][empty][body]; the template's async DEALER: [identity][request-id][empty][body]
			assertThat(template.request(endpoint, "sync", String.class)).isEqualTo("routed sync");
			assertThat(template.requestAsync(endpoint, "async", String.class).get(20, TimeUnit.SECONDS))
				.isEqualTo("routed async");
			// a DEALER without delimiter: the envelope is the identity alone
			ZmqSocketFactory factory = context.getBean(ZmqSocketFactory.class);
			ZMQ.Socket dealer = factory.create(SocketType.DEALER, List.of(ZmqEndpoint.connect(endpoint)));
			try {
				dealer.setReceiveTimeOut(20_000);
				dealer.sendMore("raw");
				dealer.send("extra");
				ZMsg reply = ZMsg.recvMsg(dealer);
				assertThat(reply).hasSize(1);
				assertThat(reply.popString()).isEqualTo("routed raw");
			}
			finally {
				factory.close(dealer);
			}
			assertThat(worker.bodies).containsExactly(List.of("sync"), List.of("async"), List.of("raw", "extra"));
		});
	}

	@Test
	void routerWorkerWithConcurrencyUsesDealerHandlers() {
		this.runner.withUserConfiguration(RouterWorker.class)
			.withPropertyValues("router.concurrency=3")
			.run((context) -> {
				ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				String endpoint = registry.getEndpoints("router").get(0);
				List<CompletableFuture<String>> replies = new ArrayList<>();
				for (int i = 0; i < 30; i++) {
					replies.add(template.requestAsync(endpoint, "m" + i, String.class));
				}
				for (int i = 0; i < 30; i++) {
					assertThat(replies.get(i).get(20, TimeUnit.SECONDS)).isEqualTo("routed m" + i);
				}
				assertThat(registry.getListenerContainer("router").getDetails()).containsEntry("concurrency", 3);
			});
	}

	@Test
	void dealerWorkerRepliesBehindItsDelimiter() {
		ZmqSocketFactory[] factoryHolder = new ZmqSocketFactory[1];
		this.runner.withUserConfiguration(DealerWorker.class)
			.withPropertyValues("dealer.endpoint=@inproc://listener-tests-dealer")
			.run((context) -> {
				ZmqSocketFactory factory = context.getBean(ZmqSocketFactory.class);
				factoryHolder[0] = factory;
				ZMQ.Socket peer = factory.create(SocketType.DEALER,
						List.of(ZmqEndpoint.connect("inproc://listener-tests-dealer")));
				try {
					peer.setReceiveTimeOut(20_000);
					peer.sendMore(new byte[0]);
					peer.send("ping");
					ZMsg reply = ZMsg.recvMsg(peer);
					assertThat(reply).hasSize(2);
					assertThat(reply.pop().size()).isZero();
					assertThat(reply.popString()).isEqualTo("PING");
				}
				finally {
					factory.close(peer);
				}
			});
	}

	@Test
	void completableFutureRepliesWhenCompletedOnAnotherThread() {
		this.runner.withUserConfiguration(AsyncWorker.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			AsyncWorker worker = context.getBean(AsyncWorker.class);
			String endpoint = registry.getEndpoints("async").get(0);
			CompletableFuture<String> reply = template.requestAsync(endpoint, "later", String.class);
			CompletableFuture<String> pending = worker.pending.poll(20, TimeUnit.SECONDS);
			assertThat(pending).isNotNull();
			assertThat(reply).isNotDone();
			Thread completer = new Thread(() -> pending.complete("done later"), "completer");
			completer.start();
			assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("done later");
			// a failed future becomes an error reply
			CompletableFuture<String> failing = template.requestAsync(endpoint, "fail", String.class);
			CompletableFuture<String> second = worker.pending.poll(20, TimeUnit.SECONDS);
			second.completeExceptionally(new IllegalStateException("async failure"));
			assertThat(failing).failsWithin(WAIT)
				.withThrowableThat()
				.havingRootCause()
				.isInstanceOf(ZmqRemoteException.class)
				.withMessageContaining("async failure");
		});
	}

	@Test
	void pauseResumeStopAndStartThroughTheRegistry() {
		this.runner.withUserConfiguration(EchoWorkers.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			ZmqListenerContainer container = registry.getListenerContainer("tcpEcho");
			String endpoint = registry.getEndpoints("tcpEcho").get(0);
			assertThat(template.request(endpoint, "one", String.class)).isEqualTo("World one");

			registry.pause("tcpEcho");
			assertThat(registry.getState("tcpEcho")).isEqualTo(ZmqActorState.PAUSED);
			assertThat(container.isPaused()).isTrue();
			CompletableFuture<String> whilePaused = template.requestAsync(endpoint, "paused", String.class);
			long handled = container.getCounters().getHandled();
			assertThat(whilePaused).isNotDone();
			assertThat(handled).isEqualTo(1);
			registry.resume("tcpEcho");
			assertThat(registry.getState("tcpEcho")).isEqualTo(ZmqActorState.RUNNING);
			assertThat(whilePaused.get(20, TimeUnit.SECONDS)).isEqualTo("World paused");

			registry.stop("tcpEcho");
			assertThat(registry.getState("tcpEcho")).isEqualTo(ZmqActorState.STOPPED);
			assertThat(registry.isRunning("tcpEcho")).isFalse();
			assertThat(registry.getEndpoints("tcpEcho")).isEmpty();

			registry.start("tcpEcho");
			assertThat(registry.getState("tcpEcho")).isEqualTo(ZmqActorState.RUNNING);
			String restarted = registry.getEndpoints("tcpEcho").get(0);
			assertThat(template.request(restarted, "two", String.class)).isEqualTo("World two");
			// counters survive restarts
			await().atMost(WAIT).untilAsserted(() -> assertThat(container.getCounters().getHandled()).isEqualTo(3));
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> registry.stop("nope"))
				.withMessageContaining("tcpEcho");
		});
	}

	@Test
	void autoStartupFalseWaitsForTheRegistry() {
		this.runner.withUserConfiguration(EchoWorkers.class)
			.withPropertyValues("echo.auto-startup=false")
			.run((context) -> {
				ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
				assertThat(registry.getState("tcpEcho")).isEqualTo(ZmqActorState.NEW);
				registry.start("tcpEcho");
				String endpoint = registry.getEndpoints("tcpEcho").get(0);
				assertThat(context.getBean(ZmqTemplate.class).request(endpoint, "x", String.class)).isEqualTo("World x");
			});
	}

	@Test
	void gracefulStopDeliversTheInFlightReply() {
		gracefulStop(this.runner);
	}

	@Test
	void gracefulStopOfAMultithreadedServerDeliversTheInFlightReplyThroughItsFront() {
		gracefulStop(this.runner.withPropertyValues("slow.concurrency=3"));
	}

	private void gracefulStop(ApplicationContextRunner runner) {
		runner.withUserConfiguration(SlowWorker.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			SlowWorker worker = context.getBean(SlowWorker.class);
			String endpoint = registry.getEndpoints("slow").get(0);
			CompletableFuture<String> reply = template.requestAsync(endpoint, "in-flight", String.class);
			assertThat(worker.entered.await(20, TimeUnit.SECONDS)).isTrue();
			Thread stopper = new Thread(() -> registry.stop("slow"), "stopper");
			stopper.start();
			await().atMost(WAIT).until(() -> registry.getState("slow") == ZmqActorState.STOPPING);
			worker.release.countDown();
			assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("finished in-flight");
			stopper.join(20_000);
			assertThat(stopper.isAlive()).isFalse();
			assertThat(registry.getState("slow")).isEqualTo(ZmqActorState.STOPPED);
		});
	}

	@Test
	void gracefulStopWaitsForAPendingAsynchronousReply() {
		this.runner.withUserConfiguration(AsyncWorker.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			AsyncWorker worker = context.getBean(AsyncWorker.class);
			String endpoint = registry.getEndpoints("async").get(0);
			CompletableFuture<String> reply = template.requestAsync(endpoint, "pending", String.class);
			CompletableFuture<String> pending = worker.pending.poll(20, TimeUnit.SECONDS);
			Thread stopper = new Thread(() -> registry.stop("async"), "stopper");
			stopper.start();
			await().atMost(WAIT).until(() -> registry.getState("async") == ZmqActorState.STOPPING);
			pending.complete("delivered while stopping");
			assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo("delivered while stopping");
			stopper.join(20_000);
			assertThat(registry.getState("async")).isEqualTo(ZmqActorState.STOPPED);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoWorkers {

		@ZmqWorker(id = "tcpEcho", endpoints = "tcp://127.0.0.1:*", autoStartup = "${echo.auto-startup:true}")
		String echo(String request) {
			return "World " + request;
		}

		@ZmqWorker(endpoints = "inproc://listener-tests-echo")
		String inprocEcho(String request) {
			return "inproc " + request;
		}

		final List<String> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();

		@ZmqWorker(id = "void", endpoints = "inproc://listener-tests-void")
		void acknowledge(String request) {
			this.acknowledged.add(request);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingWorker {

		final BlockingQueue<ZmqListenerFailure> failures = new LinkedBlockingQueue<>();

		@Bean
		ZmqListenerErrorHandler recordingErrorHandler() {
			return this.failures::add;
		}

		@ZmqWorker(id = "failing", endpoints = "tcp://127.0.0.1:*", errorHandler = "recordingErrorHandler")
		String handle(String request) {
			if (request.equals("boom")) {
				throw new IllegalArgumentException("no boom please");
			}
			return "ok " + request;
		}

	}

	record Reading(String zipcode, int temperature) {
	}

	@Configuration(proxyBeanMethods = false)
	static class JsonWorker {

		final BlockingQueue<ZmqListenerFailure> failures = new LinkedBlockingQueue<>();

		@Bean
		ZmqListenerErrorHandler jsonErrors() {
			return this.failures::add;
		}

		@ZmqWorker(id = "json", endpoints = "tcp://127.0.0.1:*", errorHandler = "jsonErrors")
		Reading twice(Reading reading) {
			return new Reading(reading.zipcode(), reading.temperature() * 2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ParallelWorker {

		final CyclicBarrier barrier = new CyclicBarrier(4);

		@ZmqWorker(id = "parallel", endpoints = "tcp://127.0.0.1:*", concurrency = "#{2 * 2}")
		String handle(String request) throws Exception {
			this.barrier.await(30, TimeUnit.SECONDS);
			return Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RouterWorker {

		final List<List<String>> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();

		@ZmqWorker(id = "router", endpoints = "tcp://127.0.0.1:*", type = SocketType.ROUTER,
				concurrency = "${router.concurrency:1}")
		String handle(String payload, ZMsg body) {
			List<String> frames = new ArrayList<>();
			body.forEach((frame) -> frames.add(frame.getString(StandardCharsets.UTF_8)));
			this.bodies.add(frames);
			return "routed " + payload;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DealerWorker {

		@ZmqWorker(endpoints = "${dealer.endpoint}", type = SocketType.DEALER)
		String handle(String payload) {
			return payload.toUpperCase();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncWorker {

		final BlockingQueue<CompletableFuture<String>> pending = new LinkedBlockingQueue<>();

		@ZmqWorker(id = "async", endpoints = "tcp://127.0.0.1:*")
		CompletableFuture<String> handle(String request) {
			CompletableFuture<String> future = new CompletableFuture<>();
			this.pending.add(future);
			return future;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowWorker {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@ZmqWorker(id = "slow", endpoints = "tcp://127.0.0.1:*", concurrency = "${slow.concurrency:1}")
		String handle(String request) throws InterruptedException {
			this.entered.countDown();
			this.release.await(30, TimeUnit.SECONDS);
			return "finished " + request;
		}

	}

}
