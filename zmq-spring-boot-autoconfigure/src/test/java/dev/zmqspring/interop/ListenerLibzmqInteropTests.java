package dev.zmqspring.interop;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;
import dev.zmqspring.coordination.ZmqSynchronizedPublisher;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerRegistry;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Annotated listeners against libzmq peers (Debian python3-zmq): a Python PUB feeding a
 * {@code @ZmqSubscriber} in both envelope formats, Python REQ clients calling REP, multithreaded
 * and ROUTER workers, Python DEALERs talking to ROUTER and DEALER workers, a Python ventilator and sink around a PULL worker, a Python PUSH into a bound
 * PULL pool, and a libzmq SUB awaited by the XPUB-based synchronized publisher.
 */
class ListenerLibzmqInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class, ZmqAutoConfiguration.class,
				ZmqListenerAutoConfiguration.class));

	@BeforeAll
	static void libzmqAvailable() {
		PythonPeer.assumeAvailable();
	}

	@Test
	void pythonPublishersFeedASubscriberInBothEnvelopeFormats() {
		try (PythonPeer single = PythonPeer.script("pub.py").option("bind", "tcp://127.0.0.1:*")
				.option("topics", "10001,10002").option("interval-ms", "1").option("seconds", "60").start();
				PythonPeer envelope = PythonPeer.script("pub.py").option("bind", "tcp://127.0.0.1:*")
						.option("topics", "10001,10002").flag("envelope").option("interval-ms", "1")
						.option("seconds", "60").start()) {
			String first = single.awaitReady(WAIT);
			String second = envelope.awaitReady(WAIT);
			this.runner.withUserConfiguration(WeatherClient.class)
				.withPropertyValues("weather.endpoints=" + first + "," + second)
				.run((context) -> {
					WeatherClient client = context.getBean(WeatherClient.class);
					await().atMost(WAIT).until(() -> client.singleFrames.size() >= 20 && client.envelopes.size() >= 20);
					assertThat(client.topics).containsOnly("10001");
					assertThat(client.singleFrames).allMatch((update) -> update.startsWith("10001 data "));
					assertThat(client.envelopes).allMatch((update) -> update.startsWith("data "));
				});
		}
	}

	@Test
	void pythonRequestersCallRepMultithreadedAndRouterWorkers() {
		this.runner.withUserConfiguration(Servers.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			for (String id : List.of("rep", "mtserver", "router")) {
				String endpoint = registry.getEndpoints(id).get(0);
				try (PythonPeer client = PythonPeer.script("req_client.py").option("connect", endpoint)
						.option("count", "10").option("text", id).option("seconds", "60").start()) {
					client.awaitReady(WAIT);
					assertThat(client.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY World " + id + " 0");
					client.awaitLine("DONE", WAIT);
				}
			}
		});
	}

	@Test
	void libzmqDealersTalkToRouterAndDealerWorkers() {
		this.runner.withUserConfiguration(Servers.class).run((context) -> {
			String router = context.getBean(ZmqListenerRegistry.class).getEndpoints("router").get(0);
			// asyncsrv-style DEALER without delimiter: the ROUTER's envelope is the identity alone
			try (PythonPeer client = PythonPeer.script("dealer_client.py").option("connect", router)
					.option("count", "5").option("text", "async").option("seconds", "60").start()) {
				client.awaitReady(WAIT);
				assertThat(client.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY World async 0");
				client.awaitLine("DONE", WAIT);
			}
		});
		// a libzmq DEALER binds, our DEALER worker connects: the empty delimiter is kept as envelope
		try (PythonPeer peer = PythonPeer.script("dealer_client.py").option("bind", "tcp://127.0.0.1:*")
				.flag("delimiter").option("count", "5").option("text", "dealer").option("seconds", "60").start()) {
			String endpoint = peer.awaitReady(WAIT);
			this.runner.withUserConfiguration(DealerServer.class)
				.withPropertyValues("dealer.endpoint=" + endpoint)
				.run((context) -> {
					assertThat(peer.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY World dealer 0");
					peer.awaitLine("DONE", WAIT);
				});
		}
	}

	@Test
	void pythonVentilatorAndSinkAroundAPullWorker() {
		try (PythonPeer sink = PythonPeer.script("sink.py").option("bind", "tcp://127.0.0.1:*").option("count", "50")
				.option("seconds", "60").start();
				PythonPeer ventilator = PythonPeer.script("ventilator.py").option("bind", "tcp://127.0.0.1:*")
						.option("count", "50").option("text", "task").option("seconds", "60").start()) {
			String results = sink.awaitReady(WAIT);
			String tasks = ventilator.awaitReady(WAIT);
			this.runner.withUserConfiguration(PipelineWorker.class)
				.withPropertyValues("tasks=" + tasks, "results=" + results)
				.run((context) -> {
					assertThat(sink.awaitLine("DONE", WAIT)).isEqualTo("DONE 50");
					assertThat(sink.lines()).contains("RECV done task 0", "RECV done task 49");
				});
		}
	}

	@Test
	void pythonPusherFeedsABoundPullPool() {
		this.runner.withUserConfiguration(PullPool.class).run((context) -> {
			PullPool pool = context.getBean(PullPool.class);
			String endpoint = context.getBean(ZmqListenerRegistry.class).getEndpoints("pool").get(0);
			try (PythonPeer pusher = PythonPeer.script("push.py").option("connect", endpoint).option("count", "40")
					.option("seconds", "60").start()) {
				pusher.awaitLine("DONE", WAIT);
				await().atMost(WAIT).until(() -> pool.received.size() == 40);
				assertThat(pool.received).contains("task 0", "task 39");
			}
		});
	}

	@Test
	void synchronizedPublisherWaitsForALibzmqSubscriber() {
		this.runner.run((context) -> {
			ZmqSynchronizedPublisher publisher = new ZmqSynchronizedPublisher("interop",
					context.getBean(ZmqSocketFactory.class), context.getBean(ZmqTemplate.class), "tcp://127.0.0.1:*")
				.start(WAIT);
			try (PythonPeer subscriber = PythonPeer.script("sub.py").option("connect", publisher.getEndpoint())
					.option("topic", "10001").option("count", "1").option("seconds", "60").start()) {
				subscriber.awaitReady(WAIT);
				assertThat(publisher.awaitSubscriptions("10001", 1, WAIT)).isTrue();
				// no retry: the first message published after the subscription arrived is received
				publisher.publish("10001", "first");
				assertThat(subscriber.awaitLine("RECV ", WAIT)).isEqualTo("RECV 10001|first");
			}
			finally {
				publisher.stop(WAIT);
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class WeatherClient {

		final List<String> singleFrames = new CopyOnWriteArrayList<>();

		final List<String> envelopes = new CopyOnWriteArrayList<>();

		final Set<String> topics = ConcurrentHashMap.newKeySet();

		@ZmqSubscriber(endpoints = "${weather.endpoints}", topics = "10001")
		void onUpdate(@ZmqTopic String topic, String update, org.zeromq.ZMsg whole) {
			this.topics.add(topic);
			(whole.size() == 1 ? this.singleFrames : this.envelopes).add(update);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Servers {

		@ZmqWorker(id = "rep", endpoints = "tcp://127.0.0.1:*")
		String rep(String request) {
			return "World " + request;
		}

		@ZmqWorker(id = "mtserver", endpoints = "tcp://127.0.0.1:*", concurrency = "4")
		String mtserver(String request) {
			return "World " + request;
		}

		@ZmqWorker(id = "router", endpoints = "tcp://127.0.0.1:*", type = SocketType.ROUTER)
		String router(String request) {
			return "World " + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DealerServer {

		@ZmqWorker(endpoints = "${dealer.endpoint}", type = SocketType.DEALER)
		String dealer(String request) {
			return "World " + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PipelineWorker {

		@ZmqWorker(endpoints = ">${tasks}", type = SocketType.PULL, sendTo = ">${results}")
		String work(String task) {
			return "done " + task;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PullPool {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqWorker(id = "pool", endpoints = "tcp://127.0.0.1:*", type = SocketType.PULL, concurrency = "2")
		void work(String task) {
			this.received.add(task);
		}

	}

}
