package dev.zmqspring.autoconfigure;

import java.util.Map;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.Environment;

import dev.zmqspring.proxy.ZmqProxy;

/**
 * Registers one {@link ZmqProxy} bean, named {@code zmqProxy.<name>}, per {@code zmq.proxies.<name>}
 * entry, after {@link ZmqPropertiesValidator#proxy} checked the entry (type given, frontend and
 * backend given, parseable and distinct).
 */
final class ZmqProxyRegistrar extends ZmqIntermediaryRegistrar<ZmqProperties.Proxy> {

	@Override
	Map<String, ZmqProperties.Proxy> entries(Environment environment) {
		return ZmqIntermediaries.proxies(environment);
	}

	@Override
	Registration registration(String name, ZmqProperties.Proxy properties, Settings settings) {
		return new Registration("zmqProxy." + name, ZmqProxy.class,
				Map.of(0, ZmqPropertiesValidator.proxy(name, properties), 2, settings.shutdownTimeout()),
				properties.isAutoStartup(), properties.isHealth())
			.binaryStar("zmq.proxies." + name, properties.isBinaryStar());
	}

	@Override
	void customize(String name, ZmqProperties.Proxy properties, RootBeanDefinition bean) {
		BeanDefinition frontend = security(properties.getFrontendSecurity(), "zmq.proxies." + name + ".frontend-security");
		if (frontend != null) {
			bean.getPropertyValues().add("frontendSecurity", frontend);
		}
		BeanDefinition backend = security(properties.getBackendSecurity(), "zmq.proxies." + name + ".backend-security");
		if (backend != null) {
			bean.getPropertyValues().add("backendSecurity", backend);
		}
	}

}
