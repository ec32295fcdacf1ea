package dev.zmqspring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.lifecycle.ZmqManagedComponentSource;
import dev.zmqspring.actuate.ZmqHealthContributor;
import dev.zmqspring.actuate.ZmqManagedComponents;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Auto-configuration of the {@code zmq} health contributor, when Spring Boot's health support is on
 * the classpath and {@code management.health.zmq.enabled} is not {@code false}.
 */
@AutoConfiguration(after = { ZmqProxyAutoConfiguration.class, ZmqBrokerAutoConfiguration.class })
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnEnabledHealthIndicator("zmq")
public final class ZmqHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "zmqHealthContributor")
	ZmqHealthContributor zmqHealthContributor(ObjectProvider<ZmqManagedComponent> components,
			ObjectProvider<ZmqManagedComponentSource> sources, ObjectProvider<ZmqSocketFactory> factory) {
		ZmqSocketFactory socketFactory = factory.getIfAvailable();
		return new ZmqHealthContributor(new ZmqManagedComponents(components, sources),
				(socketFactory != null) ? socketFactory.getFailures() : null);
	}

}
