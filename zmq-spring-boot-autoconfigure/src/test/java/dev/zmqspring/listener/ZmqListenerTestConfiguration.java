package dev.zmqspring.listener;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;

/** The application context runner every listener test starts from. */
final class ZmqListenerTestConfiguration {

	private ZmqListenerTestConfiguration() {
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class,
					ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class))
			.withPropertyValues("zmq.template.request-timeout=5s", "zmq.template.request-retries=0",
					"zmq.shutdown-timeout=10s");
	}

}
