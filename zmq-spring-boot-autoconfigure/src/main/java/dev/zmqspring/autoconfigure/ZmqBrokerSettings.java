package dev.zmqspring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.zmqspring.broker.ZmqBrokerDefinition;
import dev.zmqspring.support.ZmqEndpoint;

/**
 * The checked settings of one {@code zmq.brokers.<name>} entry, typed by its kind: the keys are
 * shared, but which of them apply, and how they are read, depends on {@code type}. Made by
 * {@link ZmqPropertiesValidator#broker}, which applies the same rules to every kind.
 */
sealed interface ZmqBrokerSettings {

	/**
	 * The entry name.
	 * @return the name under {@code zmq.brokers}
	 */
	String name();

	/**
	 * A load-balancing broker (Guide ch.3): frontend, backend and message cap.
	 * @param definition what the broker needs
	 */
	record LoadBalancing(ZmqBrokerDefinition definition) implements ZmqBrokerSettings {

		@Override
		public String name() {
			return this.definition.name();
		}

	}

	/**
	 * A Paranoid Pirate queue (Guide ch.4, spec 6/PPP): frontend, backend, heartbeats and message cap.
	 * @param definition what the queue needs
	 */
	record ParanoidPirate(ZmqBrokerDefinition definition) implements ZmqBrokerSettings {

		@Override
		public String name() {
			return this.definition.name();
		}

	}

	/**
	 * A Majordomo broker (Guide ch.4, specs 7/MDP, 8/MMI, optionally 9/TSP).
	 * @param name the entry name
	 * @param endpoints the shared ROUTER endpoint(s)
	 * @param heartbeatInterval heartbeat interval
	 * @param heartbeatLiveness missed heartbeats after which a worker is dead
	 * @param maxMessageSize largest message accepted, in bytes
	 * @param titanicDirectory where Titanic stores requests, {@code null} without Titanic
	 * @param titanicRequestExpiry how long Titanic keeps a request nobody closes (checked only with Titanic)
	 */
	record Majordomo(String name, List<ZmqEndpoint> endpoints, Duration heartbeatInterval, int heartbeatLiveness,
			long maxMessageSize, @Nullable Path titanicDirectory,
			@Nullable Duration titanicRequestExpiry) implements ZmqBrokerSettings {

		public Majordomo {
			endpoints = List.copyOf(endpoints);
		}

	}

}
