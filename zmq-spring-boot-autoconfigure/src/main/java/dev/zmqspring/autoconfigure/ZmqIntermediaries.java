package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;


/**
 * Reads {@code zmq.proxies.*} and {@code zmq.brokers.*} early (while bean definitions are
 * registered, so each proxy and broker becomes a bean of its own); {@link ZmqPropertiesValidator}
 * checks them.
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

}
