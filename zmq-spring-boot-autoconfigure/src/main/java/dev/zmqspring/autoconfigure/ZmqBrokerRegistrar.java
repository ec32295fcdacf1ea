package dev.zmqspring.autoconfigure;

import java.util.Map;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.Environment;

import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.broker.ZmqBrokerDefinition;

/**
 * Registers one {@link ZmqBroker} bean, named {@code zmqBroker.<name>}, per
 * {@code zmq.brokers.<name>} entry of type {@code load-balancing} or {@code paranoid-pirate}
 * (Majordomo brokers are registered by the Majordomo auto-configuration), after
 * {@link ZmqPropertiesValidator#broker} checked the entry.
 */
final class ZmqBrokerRegistrar extends ZmqIntermediaryRegistrar<ZmqProperties.Broker> {

	@Override
	Map<String, ZmqProperties.Broker> entries(Environment environment) {
		return ZmqIntermediaries.brokers(environment);
	}

	@Override
	Registration registration(String name, ZmqProperties.Broker properties, Settings settings) {
		if (properties.getType() == ZmqProperties.BrokerType.MAJORDOMO) {
			return null;
		}
		ZmqBrokerSettings checked = ZmqPropertiesValidator.broker(name, properties, settings.maxMessageSize());
		ZmqBrokerDefinition definition = (checked instanceof ZmqBrokerSettings.ParanoidPirate paranoidPirate)
				? paranoidPirate.definition() : ((ZmqBrokerSettings.LoadBalancing) checked).definition();
		return new Registration("zmqBroker." + name, ZmqBroker.class, Map.of(0, definition, 2, settings.shutdownTimeout()),
				properties.isAutoStartup(), properties.isHealth())
			.binaryStar("zmq.brokers." + name, properties.isBinaryStar());
	}

	@Override
	void customize(String name, ZmqProperties.Broker properties, RootBeanDefinition bean) {
		String prefix = "zmq.brokers." + name;
		BeanDefinition factory = securedFactory(properties.getSecurity(), prefix + ".security");
		if (factory != null) {
			bean.getConstructorArgumentValues().addIndexedArgumentValue(1, factory);
		}
		if (properties.getPeers() != null && !properties.getPeers().isEmpty()) {
			BeanDefinition peerSecurity = peerSecurity(properties.getSecurity(), properties.getPeerSecurity(),
					prefix + ".security", prefix + ".peer-security");
			if (peerSecurity != null) {
				bean.getPropertyValues().add("peerSecurity", peerSecurity);
			}
		}
	}

}
