package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyDefinition;
import dev.zmqspring.proxy.ZmqProxyType;

/**
 * Registers one {@link ZmqProxy} bean, named {@code zmqProxy.<name>}, per {@code zmq.proxies.<name>}
 * entry, after checking the entry (type given, frontend and backend given, parseable and distinct).
 */
final class ZmqProxyRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Duration shutdownTimeout = ZmqIntermediaries.shutdownTimeout(this.environment);
		for (Map.Entry<String, ZmqProperties.Proxy> entry : ZmqIntermediaries.proxies(this.environment).entrySet()) {
			ZmqProperties.Proxy properties = entry.getValue();
			ZmqProxyDefinition definition = definition(entry.getKey(), properties);
			RootBeanDefinition bean = new RootBeanDefinition(ZmqProxy.class);
			bean.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
			bean.getConstructorArgumentValues().addIndexedArgumentValue(0, definition);
			bean.getConstructorArgumentValues().addIndexedArgumentValue(2, shutdownTimeout);
			bean.getPropertyValues().add("autoStartup", properties.isAutoStartup());
			bean.getPropertyValues().add("healthEnabled", properties.isHealth());
			bean.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition("zmqProxy." + entry.getKey(), bean);
		}
	}

	static ZmqProxyDefinition definition(String name, ZmqProperties.Proxy properties) {
		String prefix = "zmq.proxies." + name;
		ZmqIntermediaries.require(properties.getType(), prefix + ".type", "forwarder, queue or streamer");
		ZmqProxyType type = ZmqProxyType.valueOf(properties.getType().name());
		List<ZmqEndpoint> frontend = ZmqIntermediaries.endpoints(properties.getFrontend(), prefix + ".frontend");
		List<ZmqEndpoint> backend = ZmqIntermediaries.endpoints(properties.getBackend(), prefix + ".backend");
		ZmqIntermediaries.requireDistinct(frontend, backend, prefix);
		List<ZmqEndpoint> capture = (properties.getCapture() != null && !properties.getCapture().isBlank())
				? ZmqEndpoint.parseAll(properties.getCapture(), org.zeromq.SocketType.PUB, prefix + ".capture")
				: List.of();
		return new ZmqProxyDefinition(name, type, frontend, backend, capture, prefix);
	}

}
