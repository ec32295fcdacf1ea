package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.coordination.ZmqSynchronizedPublisher;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.test.ZmqListenerTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pipelines (Guide ch.1 "Divide and Conquer": PULL workers with {@code sendTo}, concurrency on
 * connected and bound endpoints), subscribers (ch.1 weather, ch.2 envelopes, multiple publishers,
 * exact topic filtering) and the error handler / dead-letter path.
 */
class ZmqPipelineAndSubscriberTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = ZmqListenerTestConfiguration.runner();

	@Test
	void pullWorkerPushesResultsToTheSinkOverInproc() {
		this.runner.withUserConfiguration(Pipeline.class).run((context) -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			Pipeline pipeline = context.getBean(Pipeline.class);
			for (int i = 0; i < 100; i++) {
				template.push(">inproc://listener-tests-tasks", "task " + i);
			}
			await().atMost(WAIT).until(() -> pipeline.results.size() == 100);
			assertThat(pipeline.results).contains("done task 0", "done task 99");
		});
	}

	@Test
	void pullWorkerWithConcurrencyOnABoundEndpointFansOut() {
		this.runner.withUserConfiguration(FanOut.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			FanOut fanOut = context.getBean(FanOut.class);
			String endpoint = registry.getEndpoints("fanOut").get(0);
			for (int i = 0; i < 3; i++) {
				template.push(endpoint, "t" + i);
			}
			// all three handlers wait at one barrier: only three threads at once get through
			await().atMost(WAIT).until(() -> fanOut.threads.size() == 3);
		});
	}

	@Test
	void pullWorkersWithConcurrencyOnAConnectedEndpointHaveOneSocketEach() {
		this.runner.withUserConfiguration(ConnectedWorkers.class)
			.withPropertyValues("tasks.endpoint=inproc://listener-tests-connected")
			.run((context) -> {
				ZmqSocketFactory factory = context.getBean(ZmqSocketFactory.class);
				ConnectedWorkers workers = context.getBean(ConnectedWorkers.class);
				ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
				assertThat(registry.getEndpoints("connected")).containsExactly("inproc://listener-tests-connected");
				ZMQ.Socket push = factory.create(SocketType.PUSH,
						List.of(ZmqEndpoint.bind("inproc://listener-tests-connected")));
				try {
					for (int i = 0; i < 2; i++) {
						push.send("t" + i);
					}
					await().atMost(WAIT).until(() -> workers.threads.size() == 2);
				}
				finally {
					factory.close(push);
				}
			});
	}

	@Test
	void failedMessagesGoToTheErrorHandlerAndTheDeadLetterEndpoint() {
		this.runner.withUserConfiguration(DeadLetters.class).run((context) -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZMsg bad = new ZMsg();
			bad.add("bad");
			bad.add("second frame");
			template.push(">inproc://listener-tests-dl-in", bad);
			template.push(">inproc://listener-tests-dl-in", "good");
			ZMsg dead = deadLetters.dead.poll(20, TimeUnit.SECONDS);
			assertThat(dead).isNotNull();
			assertThat(dead.popString()).isEqualTo("bad");
			assertThat(dead.popString()).isEqualTo("second frame");
			ZmqListenerFailure failure = deadLetters.failures.poll(20, TimeUnit.SECONDS);
			assertThat(failure.listenerId()).isEqualTo("picky");
			assertThat(failure.message()).hasSize(2);
			assertThat(failure.exception()).hasMessage("bad input");
			await().atMost(WAIT).until(() -> deadLetters.accepted.contains("good"));
			await().atMost(WAIT).untilAsserted(() -> assertThat(registry.getListenerContainer("picky").getCounters().getErrors()).isEqualTo(1));
			await().atMost(WAIT).untilAsserted(() -> assertThat(registry.getListenerContainer("picky").getCounters().getMessagesIn()).isEqualTo(2));
		});
	}

	@Test
	void subscriberFiltersTopicsExactlyAcrossTwoPublishersAndBothEnvelopes() {
		ApplicationContextRunner withPublishers = this.runner.withUserConfiguration(Publishers.class, Weather.class);
		withPublishers.run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			Weather weather = context.getBean(Weather.class);
			Publishers publishers = context.getBean(Publishers.class);
			ZmqSynchronizedPublisher a = publishers.a;
			ZmqSynchronizedPublisher b = publishers.b;
			ZmqListenerTestUtils.awaitSubscribed(registry, "weather", a, WAIT);
			ZmqListenerTestUtils.awaitSubscribed(registry, "weather", b, WAIT);
			for (int i = 0; i < 50; i++) {
				// ch.1 single frames: the topic is a prefix of the body
				a.send(single("10002 " + i));
				a.send(single("10001 a" + i));
				a.send(single("100011 prefix")); // prefix matching: "100011" starts with "10001"
				// ch.2 envelopes: [topic][payload]
				b.publish("10002", "b-other " + i);
				b.publish("10001", "b" + i);
			}
			a.send(single("10001 END"));
			b.publish("10001", "END");
			await().atMost(WAIT).until(() -> weather.updates.stream().filter((u) -> u.endsWith("END")).count() == 2);
			// per-publisher order is kept, so everything published before END has been filtered or received
			assertThat(weather.topics).containsOnly("10001");
			assertThat(weather.updates).noneMatch((u) -> u.contains("10002") || u.contains("other"));
			assertThat(weather.updates).filteredOn((u) -> u.startsWith("10001 a")).hasSize(50);
			assertThat(weather.updates).filteredOn((u) -> u.startsWith("b")).hasSize(50);
			assertThat(weather.updates).filteredOn((u) -> u.startsWith("100011")).hasSize(50);
			assertThat(weather.wholeSizes).containsOnly(1, 2);
		});
	}

	@Test
	void subscriberToEverythingSeesEveryTopic() {
		this.runner.withUserConfiguration(Publishers.class, Everything.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			Everything everything = context.getBean(Everything.class);
			ZmqSynchronizedPublisher a = context.getBean(Publishers.class).a;
			ZmqListenerTestUtils.awaitSubscribed(registry, "everything", a, WAIT);
			a.publish("x", "1");
			a.send(single("y 2"));
			await().atMost(WAIT).until(() -> everything.received.size() == 2);
			assertThat(everything.received).containsExactly("x=1", "=y 2");
		});
	}

	private static ZMsg single(String text) {
		ZMsg msg = new ZMsg();
		msg.add(text.getBytes(StandardCharsets.UTF_8));
		return msg;
	}

	@Configuration(proxyBeanMethods = false)
	static class Pipeline {

		final List<String> results = new CopyOnWriteArrayList<>();

		@ZmqWorker(id = "worker", endpoints = "@inproc://listener-tests-tasks", type = SocketType.PULL,
				sendTo = ">inproc://listener-tests-results")
		String work(String task) {
			return "done " + task;
		}

		@ZmqWorker(id = "sink", endpoints = "inproc://listener-tests-results", type = SocketType.PULL)
		void sink(String result) {
			this.results.add(result);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FanOut {

		final CyclicBarrier barrier = new CyclicBarrier(3);

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@ZmqWorker(id = "fanOut", endpoints = "tcp://127.0.0.1:*", type = SocketType.PULL, concurrency = "3")
		void work(byte[] task) throws Exception {
			this.barrier.await(30, TimeUnit.SECONDS);
			this.threads.add(Thread.currentThread().getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectedWorkers {

		final CyclicBarrier barrier = new CyclicBarrier(2);

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@ZmqWorker(id = "connected", endpoints = ">${tasks.endpoint}", type = SocketType.PULL, concurrency = "2")
		void work(String task) throws Exception {
			this.barrier.await(30, TimeUnit.SECONDS);
			this.threads.add(Thread.currentThread().getName());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DeadLetters {

		final BlockingQueue<ZMsg> dead = new LinkedBlockingQueue<>();

		final BlockingQueue<ZmqListenerFailure> failures = new LinkedBlockingQueue<>();

		final List<String> accepted = new CopyOnWriteArrayList<>();

		@Bean
		ZmqListenerErrorHandler recording() {
			return this.failures::add;
		}

		@ZmqWorker(id = "picky", endpoints = "@inproc://listener-tests-dl-in", type = SocketType.PULL,
				errorHandler = "recording", deadLetter = "inproc://listener-tests-dl-out")
		void picky(String text) {
			if (text.equals("bad")) {
				throw new IllegalStateException("bad input");
			}
			this.accepted.add(text);
		}

		@ZmqWorker(id = "deadLetters", endpoints = "@inproc://listener-tests-dl-out", type = SocketType.PULL)
		void deadLetter(ZMsg message) {
			this.dead.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Publishers {

		final ZmqSynchronizedPublisher a;

		final ZmqSynchronizedPublisher b;

		Publishers(ZmqSocketFactory factory, ZmqTemplate template) {
			this.a = new ZmqSynchronizedPublisher("a", factory, template, "tcp://127.0.0.1:*").start(WAIT);
			this.b = new ZmqSynchronizedPublisher("b", factory, template, "inproc://listener-tests-pub-b").start(WAIT);
		}

		@Bean(destroyMethod = "")
		String publisherEndpoints() {
			return this.a.getEndpoint() + "," + this.b.getEndpoint();
		}

		@jakarta.annotation.PreDestroy
		void stop() {
			this.a.stop(WAIT);
			this.b.stop(WAIT);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Weather {

		final List<String> updates = new CopyOnWriteArrayList<>();

		final Set<String> topics = ConcurrentHashMap.newKeySet();

		final Set<Integer> wholeSizes = ConcurrentHashMap.newKeySet();

		@ZmqSubscriber(id = "weather", endpoints = "#{@publisherEndpoints}", topics = "10001")
		void onUpdate(@ZmqTopic String topic, String update, ZMsg whole) {
			this.topics.add(topic);
			this.wholeSizes.add(whole.size());
			this.updates.add(update);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Everything {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqSubscriber(id = "everything", endpoints = "#{@publisherEndpoints}")
		void onMessage(@ZmqTopic String topic, String payload) {
			this.received.add(topic + "=" + payload);
		}

	}

}
