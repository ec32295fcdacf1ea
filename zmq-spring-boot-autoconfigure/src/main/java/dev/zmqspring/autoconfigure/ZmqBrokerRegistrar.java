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
import org.springframework.util.unit.DataSize;

import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.broker.ZmqBrokerDefinition;
import dev.zmqspring.broker.ZmqBrokerType;
import dev.zmqspring.core.ZmqEndpoint;

/**
 * Registers one {@link ZmqBroker} bean, named {@code zmqBroker.<name>}, per
 * {@code zmq.brokers.<name>} entry of type {@code load-balancing} or {@code paranoid-pirate}
 * (Majordomo brokers are registered by the Majordomo auto-configuration), after checking the entry.
 */
final class ZmqBrokerRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Duration shutdownTimeout = ZmqIntermediaries.shutdownTimeout(this.environment);
		DataSize globalCap = ZmqIntermediaries.maxMessageSize(this.environment);
		for (Map.Entry<String, ZmqProperties.Broker> entry : ZmqIntermediaries.brokers(this.environment).entrySet()) {
			ZmqProperties.Broker properties = entry.getValue();
			String prefix = "zmq.brokers." + entry.getKey();
			ZmqIntermediaries.require(properties.getType(), prefix + ".type",
					"load-balancing, paranoid-pirate or majordomo");
			if (properties.getType() == ZmqProperties.BrokerType.MAJORDOMO) {
				continue;
			}
			ZmqBrokerDefinition definition = definition(entry.getKey(), properties, globalCap);
			RootBeanDefinition bean = new RootBeanDefinition(ZmqBroker.class);
			bean.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
			bean.getConstructorArgumentValues().addIndexedArgumentValue(0, definition);
			bean.getConstructorArgumentValues().addIndexedArgumentValue(2, shutdownTimeout);
			bean.getPropertyValues().add("autoStartup", properties.isAutoStartup());
			bean.getPropertyValues().add("healthEnabled", properties.isHealth());
			bean.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition("zmqBroker." + entry.getKey(), bean);
		}
	}

	static ZmqBrokerDefinition definition(String name, ZmqProperties.Broker properties, DataSize globalCap) {
		String prefix = "zmq.brokers." + name;
		ZmqBrokerType type = ZmqBrokerType.valueOf(properties.getType().name());
		List<ZmqEndpoint> frontend = ZmqIntermediaries.endpoints(properties.getFrontend(), prefix + ".frontend");
		List<ZmqEndpoint> backend = ZmqIntermediaries.endpoints(properties.getBackend(), prefix + ".backend");
		ZmqIntermediaries.requireDistinct(frontend, backend, prefix);
		if (properties.getHeartbeatInterval() == null || properties.getHeartbeatInterval().isNegative()
				|| properties.getHeartbeatInterval().isZero()) {
			throw new IllegalStateException(prefix + ".heartbeat-interval must be positive but was "
					+ properties.getHeartbeatInterval());
		}
		if (properties.getHeartbeatLiveness() < 1) {
			throw new IllegalStateException(prefix + ".heartbeat-liveness must be at least 1 but was "
					+ properties.getHeartbeatLiveness());
		}
		long cap = maxMessageSize(properties.getMaxMessageSize(), globalCap, prefix);
		return new ZmqBrokerDefinition(name, type, frontend, backend, properties.getHeartbeatInterval(),
				properties.getHeartbeatLiveness(), cap, prefix);
	}

	/** The broker's cap, else {@code zmq.max-message-size} if set, else 1 MB. */
	static long maxMessageSize(DataSize own, DataSize global, String prefix) {
		if (own != null) {
			if (own.toBytes() < 1) {
				throw new IllegalStateException(prefix + ".max-message-size must be positive but was " + own);
			}
			return own.toBytes();
		}
		if (global != null && global.toBytes() >= 0) {
			return global.toBytes();
		}
		return ZmqBrokerDefinition.DEFAULT_MAX_MESSAGE_SIZE;
	}

}
