package dev.zmqspring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.lifecycle.ZmqManagedComponentSource;
import dev.zmqspring.actuate.ZmqActuatorEndpoint;
import dev.zmqspring.actuate.ZmqManagedComponents;

/**
 * Auto-configuration of the {@code zmq} actuator endpoint, when the actuator is on the classpath and
 * the endpoint is available (exposed, e.g. {@code management.endpoints.web.exposure.include=zmq}).
 */
@AutoConfiguration(after = { ZmqProxyAutoConfiguration.class, ZmqBrokerAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(ZmqActuatorEndpoint.class)
public final class ZmqEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZmqActuatorEndpoint zmqActuatorEndpoint(ObjectProvider<ZmqManagedComponent> components,
			ObjectProvider<ZmqManagedComponentSource> sources) {
		return new ZmqActuatorEndpoint(new ZmqManagedComponents(components, sources));
	}

}
