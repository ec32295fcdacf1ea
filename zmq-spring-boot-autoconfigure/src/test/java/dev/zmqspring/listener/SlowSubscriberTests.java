package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.zeromq.ZMsg;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow-subscriber detection (Guide ch.5 "Suicidal Snail"): the template stamps what it publishes, a
 * subscriber with {@code maxLag} reads the stamp, and a deliberately slow handler under a fast
 * publisher triggers its policy while a fast one never does; a libzmq publisher stamps the same way.
 */
class SlowSubscriberTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = ZmqListenerTestConfiguration.runner()
		.withPropertyValues("zmq.template.publish-stamp=*");

	@Test
	void aSlowHandlerUnderAFastPublisherIsStoppedWithinTwiceItsMaxLag() {
		this.runner.withUserConfiguration(Slow.class).run((context) -> {
			Events events = context.getBean(Events.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			String endpoint = ">" + registry.getEndpoints("slow").get(0);
			await().atMost(WAIT).pollInSameThread().until(() -> { // the sockets belong to this thread
				for (int i = 0; i < 200; i++) {
					template.publish(endpoint, "t", "update");
				}
				return !events.received.isEmpty();
			});
			ZmqSlowSubscriberEvent event = events.received.get(0);
			assertThat(event.getListenerId()).isEqualTo("slow");
			assertThat(event.getPolicy().action()).isEqualTo(ZmqSlowSubscriberPolicy.Action.STOP);
			// detected on the first message that was too old, not long after
			assertThat(event.getLag()).isGreaterThan(Duration.ofMillis(200)).isLessThan(Duration.ofMillis(400));
			await().atMost(WAIT).until(() -> !registry.getListenerContainer("slow").isRunning());
			assertThat(events.received).hasSize(1);
		});
	}

	@Test
	void aFastHandlerNeverFires() {
		this.runner.withUserConfiguration(Fast.class).run((context) -> {
			Events events = context.getBean(Events.class);
			Fast fast = context.getBean(Fast.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			String endpoint = ">" + context.getBean(ZmqListenerRegistry.class).getEndpoints("fast").get(0);
			await().atMost(WAIT).pollInSameThread().until(() -> { // the sockets belong to this thread
				template.publish(endpoint, "t", "warm-up");
				return fast.frames.get() > 0;
			});
			int before = fast.count.get();
			for (int i = 0; i < 20_000; i++) {
				template.publish(endpoint, "t", "update");
				if (i % 500 == 499) { // below the high-water mark of 1,000: a PUB drops beyond it
					int sent = i + 1;
					await().atMost(WAIT).until(() -> fast.count.get() >= before + sent);
				}
			}
			assertThat(events.received).isEmpty();
			// the stamp is read, not delivered: the method's ZMsg has the topic and the payload only
			assertThat(fast.frames.get()).isEqualTo(2);
			assertThat(context.getBean(ZmqListenerRegistry.class).getListenerContainer("fast").isRunning()).isTrue();
		});
	}

	@Test
	void theFailPolicyEndsTheListenerFailedForHealth() {
		PythonPeer.assumeAvailable();
		this.runner.withUserConfiguration(Failing.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			String endpoint = registry.getEndpoints("failing").get(0);
			// a libzmq publisher whose stamps say each message is 5 s old
			try (PythonPeer publisher = PythonPeer.script("stamped_pub.py").option("connect", endpoint)
					.option("age-ms", "5000").option("interval-ms", "5").option("seconds", "60").start()) {
				publisher.awaitReady(WAIT);
				Events events = context.getBean(Events.class);
				await().atMost(WAIT).until(() -> !events.received.isEmpty());
				assertThat(events.received.get(0).getLag()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
				await().atMost(WAIT)
					.until(() -> registry.getListenerContainer("failing").getState() == ZmqActorState.FAILED);
			}
		});
	}

	@Test
	void aLibzmqPublishersStampsAreReadAndRemoved() {
		PythonPeer.assumeAvailable();
		this.runner.withUserConfiguration(Fast.class).run((context) -> {
			Fast fast = context.getBean(Fast.class);
			String endpoint = context.getBean(ZmqListenerRegistry.class).getEndpoints("fast").get(0);
			try (PythonPeer publisher = PythonPeer.script("stamped_pub.py").option("connect", endpoint)
					.option("interval-ms", "2").option("seconds", "60").start()) {
				publisher.awaitReady(WAIT);
				await().atMost(WAIT).until(() -> fast.count.get() >= 200);
			}
			assertThat(fast.frames.get()).isEqualTo(2);
			assertThat(context.getBean(Events.class).received).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Events {

		final List<ZmqSlowSubscriberEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void onLag(ZmqSlowSubscriberEvent event) {
			this.received.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Slow extends Events {

		@ZmqSubscriber(id = "slow", endpoints = "@tcp://127.0.0.1:*", topics = "t", maxLag = "200ms",
				lagPolicy = "stop")
		void onUpdate(String update) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // the slow handler under test
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Fast extends Events {

		final AtomicInteger count = new AtomicInteger();

		final AtomicInteger frames = new AtomicInteger();

		@ZmqSubscriber(id = "fast", endpoints = "@tcp://127.0.0.1:*", topics = "t", maxLag = "1s")
		void onUpdate(ZMsg update) {
			this.frames.set(update.size());
			this.count.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Failing extends Events {

		@ZmqSubscriber(id = "failing", endpoints = "@tcp://127.0.0.1:*", topics = "t", maxLag = "1s",
				lagPolicy = "fail")
		void onUpdate(String update) {
		}

	}

}
