package dev.zmqspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.core.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The high-speed subscriber of Guide ch.5 (the "black box"): {@code @ZmqSubscriber(concurrency = "4")}
 * reads one SUB socket and shards by topic to four handler threads; across 100,000 messages on 50
 * topics every topic arrives in order and on one thread, and the work is spread over several.
 */
class BlackBoxSubscriberTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final int TOPICS = 50;

	private static final int MESSAGES = 100_000;

	private final ApplicationContextRunner runner = ZmqListenerTestConfiguration.runner();

	@Test
	void perTopicOrderIsKeptAcrossFourHandlerThreads() {
		this.runner.withUserConfiguration(Sharded.class).run((context) -> {
			Sharded sharded = context.getBean(Sharded.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			String endpoint = ">" + context.getBean(ZmqListenerRegistry.class).getEndpoints("sharded").get(0);
			await().atMost(WAIT).pollInSameThread().until(() -> { // the template's PUB belongs to this thread
				template.publish(endpoint, "warm-up", "-1");
				return sharded.warmUps.get() > 0;
			});
			for (int i = 0; i < MESSAGES; i++) {
				template.publish(endpoint, "topic-" + (i % TOPICS), Integer.toString(i / TOPICS));
				if (i % 500 == 499) { // stay below the PUB's high-water mark of 1,000
					int sent = i + 1;
					await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
						.until(() -> sharded.total.get() >= sent);
				}
			}
			await().atMost(WAIT).until(() -> sharded.total.get() == MESSAGES);
			assertThat(sharded.sequences).hasSize(TOPICS);
			List<Integer> expected = new ArrayList<>();
			for (int n = 0; n < MESSAGES / TOPICS; n++) {
				expected.add(n);
			}
			sharded.sequences.forEach((topic, sequence) -> assertThat(sequence).as(topic).isEqualTo(expected));
			sharded.threads.forEach((topic, threads) -> assertThat(threads).as(topic).hasSize(1));
			Set<String> used = ConcurrentHashMap.newKeySet();
			sharded.threads.values().forEach(used::addAll);
			assertThat(used).as("handler threads").hasSizeGreaterThan(1).hasSizeLessThanOrEqualTo(4);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Sharded {

		final AtomicInteger total = new AtomicInteger();

		final AtomicInteger warmUps = new AtomicInteger();

		final Map<String, List<Integer>> sequences = new ConcurrentHashMap<>();

		final Map<String, Set<String>> threads = new ConcurrentHashMap<>();

		@ZmqSubscriber(id = "sharded", endpoints = "@tcp://127.0.0.1:*", concurrency = "4")
		void onMessage(@ZmqTopic String topic, String sequence) {
			if (topic.equals("warm-up")) {
				this.warmUps.incrementAndGet();
				return;
			}
			// one list per topic, written by one thread only if the sharding is right
			this.sequences.computeIfAbsent(topic, (t) -> java.util.Collections.synchronizedList(new ArrayList<>()))
				.add(Integer.parseInt(sequence));
			this.threads.computeIfAbsent(topic, (t) -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
			this.total.incrementAndGet();
		}

	}

}
