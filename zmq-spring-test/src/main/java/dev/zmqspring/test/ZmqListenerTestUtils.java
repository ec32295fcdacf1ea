package dev.zmqspring.test;

import java.time.Duration;
import java.util.List;

import dev.zmqspring.coordination.ZmqSynchronizedPublisher;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test helpers for listeners. {@link #awaitSubscribed} is the slow-joiner answer for tests (Guide
 * ch.2 "Node Coordination"): it waits until the publisher's XPUB has seen every subscription of a
 * {@code @ZmqSubscriber}, so the very first message published afterwards is received. No retry
 * loop, no sleep.
 */
public final class ZmqListenerTestUtils {

	private ZmqListenerTestUtils() {
	}

	/**
	 * Waits until the subscriber listener is connected to the publisher and subscribed to all its
	 * topics.
	 * @param registry the listener registry
	 * @param listenerId the subscriber's id
	 * @param publisher the publisher it connects to
	 * @param timeout how long to wait
	 */
	public static void awaitSubscribed(ZmqListenerRegistry registry, String listenerId,
			ZmqSynchronizedPublisher publisher, Duration timeout) {
		ZmqListenerContainer container = registry.getListenerContainer(listenerId);
		List<String> topics = container.getDefinition().topics();
		List<String> expected = topics.isEmpty() ? List.of("") : topics;
		assertThat(publisher.awaitSubscriptions(expected, timeout))
			.as("listener '%s' subscribed to %s at %s", listenerId, expected, publisher.getEndpoints())
			.isTrue();
	}

}
