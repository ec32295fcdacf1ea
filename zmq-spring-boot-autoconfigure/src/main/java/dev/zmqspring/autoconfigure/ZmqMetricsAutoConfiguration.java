package dev.zmqspring.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.lifecycle.ZmqManagedComponentSource;
import dev.zmqspring.actuate.ZmqAuthenticationMetrics;
import dev.zmqspring.actuate.ZmqManagedComponents;
import dev.zmqspring.security.ZmqAuthentication;
import dev.zmqspring.actuate.ZmqMetrics;

/**
 * Auto-configuration of the {@code zmq.*} Micrometer meters, when Micrometer is on the classpath:
 * a {@link MeterBinder} that Spring Boot binds to every {@code MeterRegistry}.
 */
@AutoConfiguration(after = { ZmqProxyAutoConfiguration.class, ZmqBrokerAutoConfiguration.class,
		ZmqSecurityAutoConfiguration.class })
@ConditionalOnClass(MeterBinder.class)
public final class ZmqMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZmqMetrics zmqMetrics(ObjectProvider<ZmqManagedComponent> components,
			ObjectProvider<ZmqManagedComponentSource> sources) {
		return new ZmqMetrics(new ZmqManagedComponents(components, sources));
	}

	@Bean
	@ConditionalOnBean(ZmqAuthentication.class)
	@ConditionalOnMissingBean
	ZmqAuthenticationMetrics zmqAuthenticationMetrics(ZmqAuthentication authentication) {
		return new ZmqAuthenticationMetrics(authentication);
	}

}
