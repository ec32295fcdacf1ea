package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.zeromq.SocketType;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.support.InvalidEndpointException;
import dev.zmqspring.support.ZmqEndpoint;

/**
 * Reads {@code zmq.proxies.*} and {@code zmq.brokers.*} early (while bean definitions are
 * registered, so each proxy and broker becomes a bean of its own) and checks them, failing with the
 * offending property named.
 */
final class ZmqIntermediaries {

	private ZmqIntermediaries() {
	}

	static Map<String, ZmqProperties.Proxy> proxies(Environment environment) {
		return Binder.get(environment)
			.bind("zmq.proxies", Bindable.mapOf(String.class, ZmqProperties.Proxy.class))
			.orElse(Map.of());
	}

	static Map<String, ZmqProperties.Broker> brokers(Environment environment) {
		return Binder.get(environment)
			.bind("zmq.brokers", Bindable.mapOf(String.class, ZmqProperties.Broker.class))
			.orElse(Map.of());
	}

	static Duration shutdownTimeout(Environment environment) {
		return Binder.get(environment).bind("zmq.shutdown-timeout", Duration.class).orElse(Duration.ofSeconds(10));
	}

	static DataSize maxMessageSize(Environment environment) {
		return Binder.get(environment).bind("zmq.max-message-size", DataSize.class).orElse(DataSize.ofBytes(-1));
	}

	static void require(Object value, String key, String hint) {
		if (value == null || (value instanceof String text && text.isBlank())) {
			throw new IllegalStateException(key + " is required: " + hint);
		}
	}

	/**
	 * Parses the endpoints of a proxy or broker side, naming the property in any error. Unlike a
	 * socket's natural side, an intermediary side without prefix <em>binds</em> (the intermediary is
	 * the stable part of the network, Guide ch.2); {@code >} connects.
	 */
	static List<ZmqEndpoint> endpoints(String value, String key) {
		require(value, key, "one or more endpoints such as @tcp://*:5559 (bind) or >tcp://host:5559 (connect)");
		StringBuilder prefixed = new StringBuilder();
		for (String part : value.split(",")) {
			String trimmed = part.trim();
			if (prefixed.length() > 0) {
				prefixed.append(',');
			}
			prefixed.append((trimmed.startsWith("@") || trimmed.startsWith(">")) ? trimmed : "@" + trimmed);
		}
		return ZmqEndpoint.parseAll(prefixed.toString(), SocketType.PAIR, key);
	}

	/**
	 * Rejects a frontend and backend that name the same address: one socket would fail to bind or the
	 * proxy would talk to itself.
	 */
	static void requireDistinct(List<ZmqEndpoint> frontend, List<ZmqEndpoint> backend, String prefix) {
		for (ZmqEndpoint front : frontend) {
			for (ZmqEndpoint back : backend) {
				if (!front.isEphemeral() && front.address().equals(back.address())) {
					throw new InvalidEndpointException(back.toString(), prefix + ".backend",
							"same address as " + prefix + ".frontend; a frontend and a backend need different addresses");
				}
			}
		}
	}

}
