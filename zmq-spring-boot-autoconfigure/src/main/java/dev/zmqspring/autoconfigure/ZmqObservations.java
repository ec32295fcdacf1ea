package dev.zmqspring.autoconfigure;

import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.observation.ZmqReceiverObservationConvention;
import dev.zmqspring.observation.ZmqReceiverObservations;
import dev.zmqspring.observation.ZmqSenderObservationConvention;
import dev.zmqspring.observation.ZmqSenderObservations;

/**
 * Builds the observation side of the template, the Majordomo client and the listener containers from
 * {@code zmq.template.observation-enabled}, {@code zmq.majordomo.observation-enabled},
 * {@code zmq.listener.observation-enabled} and the application's {@link ObservationRegistry} and
 * convention beans, as Spring for Apache Kafka does for its template and containers.
 */
final class ZmqObservations {

	private ZmqObservations() {
	}

	static @Nullable ZmqSenderObservations sender(boolean enabled, List<String> propagation,
			ObjectProvider<ObservationRegistry> registry, ObjectProvider<ZmqSenderObservationConvention> convention) {
		if (!enabled) {
			return null;
		}
		return new ZmqSenderObservations(registry.getIfUnique(() -> ObservationRegistry.NOOP),
				convention.getIfUnique(), propagation, ZmqTemplate::outcome);
	}

	static @Nullable ZmqReceiverObservations receiver(boolean enabled, ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<ZmqReceiverObservationConvention> convention) {
		if (!enabled) {
			return null;
		}
		return new ZmqReceiverObservations(registry.getIfUnique(() -> ObservationRegistry.NOOP),
				convention.getIfUnique());
	}

}
