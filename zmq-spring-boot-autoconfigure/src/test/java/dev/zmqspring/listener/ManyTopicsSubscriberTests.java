package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 36: a {@code @ZmqSubscriber} with 10,000 topics and default settings. Every subscription
 * reaches the publisher — a libzmq XPUB ({@code xpub_topics.py}) and a JeroMQ XPUB each count them —
 * and every single-frame message is received with the topic it matched. JeroMQ 0.6.0 sends a SUB's
 * stored subscriptions through its pipe when the connection attaches; with the default send high-water
 * mark (1,000) all but the first 1,000 were lost, silently.
 */
class ManyTopicsSubscriberTests {

	private static final int TOPICS = 10_000;

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final ApplicationContextRunner runner = ZmqListenerTestConfiguration.runner();

	@BeforeAll
	static void python() {
		PythonPeer.assumeAvailable();
	}

	@ParameterizedTest(name = "{0} publisher")
	@ValueSource(strings = { "libzmq", "JeroMQ" })
	void everySubscriptionReachesThePublisherAndEveryTopicIsReceived(String publisher) {
		if (publisher.equals("libzmq")) {
			try (PythonPeer xpub = PythonPeer.script("xpub_topics.py").option("bind", "tcp://127.0.0.1:*").option("expect", TOPICS).option("seconds", "120").start()) {
				String endpoint = xpub.awaitReady(WAIT);
				run(endpoint, () -> xpub.awaitLine("SUBSCRIBED " + TOPICS, WAIT));
			}
		}
		else {
			try (ZContext context = new ZContext(); ZMQ.Socket xpub = context.createSocket(SocketType.XPUB)) {
				xpub.setRcvHWM(0);
				xpub.setSndHWM(0);
				int port = xpub.bindToRandomPort("tcp://127.0.0.1");
				List<byte[]> subscribed = new ArrayList<>();
				run("tcp://127.0.0.1:" + port, () -> {
					await().atMost(WAIT).until(() -> {
						byte[] frame;
						while ((frame = xpub.recv(ZMQ.DONTWAIT)) != null) {
							if (frame.length > 0 && frame[0] == 1) {
								subscribed.add(frame);
							}
						}
						return subscribed.size() >= TOPICS;
					});
					assertThat(subscribed).hasSize(TOPICS);
					for (byte[] subscription : subscribed) {
						xpub.send(new String(subscription, 1, subscription.length - 1, StandardCharsets.UTF_8) + ":body");
					}
				});
			}
		}
	}

	private void run(String endpoint, Runnable publisherSawEverySubscription) {
		this.runner.withUserConfiguration(ManyTopics.class).withPropertyValues("many.endpoint=" + endpoint)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				publisherSawEverySubscription.run();
				ManyTopics many = context.getBean(ManyTopics.class);
				await().atMost(WAIT).until(() -> many.received.size() == TOPICS);
				assertThat(many.received).allSatisfy((topic, body) -> assertThat(body).isEqualTo(topic + ":body"));
			});
	}

	static List<String> topics() {
		List<String> topics = new ArrayList<>();
		for (int i = 0; i < TOPICS; i++) {
			topics.add(String.format("sensor/%05d", i));
		}
		return topics;
	}

	@Configuration(proxyBeanMethods = false)
	static class ManyTopics {

		final Map<String, String> received = new ConcurrentHashMap<>();

		@Bean
		static List<String> manyTopics() {
			return topics();
		}

		@ZmqSubscriber(id = "many", endpoints = "${many.endpoint}", topics = "#{@manyTopics}")
		void on(@ZmqTopic String topic, String body) {
			this.received.put(topic, body);
		}

	}

}
