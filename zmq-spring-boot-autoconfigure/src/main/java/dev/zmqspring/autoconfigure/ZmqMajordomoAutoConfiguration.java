package dev.zmqspring.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.zeromq.SocketType;
import org.zeromq.ZContext;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoClient;
import dev.zmqspring.majordomo.MajordomoWorkerProtocol;

/**
 * Auto-configuration of Majordomo (Guide ch.4, specs 7/MDP, 8/MMI, 9/TSP): a {@link MajordomoBroker}
 * bean for every {@code zmq.brokers.<name>} of {@code type: majordomo} (other broker types are left to
 * their own auto-configurations), the {@link MajordomoClient} when {@code zmq.majordomo.endpoint} is
 * set, and the {@code "majordomo"} {@link dev.zmqspring.listener.ZmqWorkerProtocol} that
 * {@code @ZmqWorker(service = ...)} methods speak.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass(ZContext.class)
public final class ZmqMajordomoAutoConfiguration {

	/** Default cap on messages a broker accepts when neither broker nor global max-message-size is set. */
	static final long DEFAULT_BROKER_MAX_MESSAGE_SIZE = DataSize.ofMegabytes(1).toBytes();

	@Bean
	static MajordomoBrokerRegistrar zmqMajordomoBrokerRegistrar() {
		return new MajordomoBrokerRegistrar();
	}

	@Bean
	@ConditionalOnProperty(prefix = "zmq.majordomo", name = "endpoint")
	@ConditionalOnMissingBean
	MajordomoClient majordomoClient(ZmqSocketFactory factory, ZmqMessageConverters converters,
			ZmqProperties properties) {
		ZmqProperties.Majordomo majordomo = properties.getMajordomo();
		return new MajordomoClient(factory, converters, majordomo.getEndpoint(), majordomo.getRequestTimeout(),
				majordomo.getRequestRetries(), majordomo.getAsyncConnections(),
				properties.getMaxMessageSize().toBytes());
	}

	@Bean(MajordomoWorkerProtocol.NAME)
	@ConditionalOnMissingBean(name = MajordomoWorkerProtocol.NAME)
	MajordomoWorkerProtocol majordomoWorkerProtocol(ZmqProperties properties) {
		ZmqProperties.Majordomo majordomo = properties.getMajordomo();
		return new MajordomoWorkerProtocol(majordomo.getEndpoint(), majordomo.getHeartbeatInterval(),
				majordomo.getHeartbeatLiveness(), majordomo.getReconnectInterval(),
				properties.getMaxMessageSize().toBytes());
	}

	/**
	 * Creates a broker from {@code zmq.brokers.<name>}, failing with the offending property named.
	 * @param name the broker name
	 * @param properties the bound properties
	 * @param factory the socket factory
	 * @return the broker
	 */
	static MajordomoBroker createBroker(String name, ZmqProperties properties, ZmqSocketFactory factory) {
		ZmqProperties.Broker broker = properties.getBrokers().get(name);
		String prefix = "zmq.brokers." + name + ".";
		if (broker.getEndpoint() == null || broker.getEndpoint().isBlank()) {
			throw new IllegalStateException(prefix + "endpoint must be set for a majordomo broker (the one ROUTER "
					+ "clients and workers share, e.g. tcp://*:5555)");
		}
		List<ZmqEndpoint> endpoints = ZmqEndpoint.parseAll(broker.getEndpoint(), SocketType.ROUTER, prefix + "endpoint");
		if (broker.getHeartbeatInterval() == null || broker.getHeartbeatInterval().isNegative()
				|| broker.getHeartbeatInterval().isZero()) {
			throw new IllegalStateException(prefix + "heartbeat-interval must be positive but was "
					+ broker.getHeartbeatInterval());
		}
		if (broker.getHeartbeatLiveness() < 1) {
			throw new IllegalStateException(prefix + "heartbeat-liveness must be >= 1 but was "
					+ broker.getHeartbeatLiveness());
		}
		long maxMessageSize;
		if (broker.getMaxMessageSize() != null) {
			maxMessageSize = broker.getMaxMessageSize().toBytes();
		}
		else if (properties.getMaxMessageSize() != null && properties.getMaxMessageSize().toBytes() >= 0) {
			maxMessageSize = properties.getMaxMessageSize().toBytes();
		}
		else {
			maxMessageSize = DEFAULT_BROKER_MAX_MESSAGE_SIZE;
		}
		Path titanic = null;
		if (broker.getTitanic().isEnabled()) {
			String directory = broker.getTitanic().getDirectory();
			if (directory == null || directory.isBlank()) {
				throw new IllegalStateException(prefix + "titanic.directory must be set when titanic.enabled is true");
			}
			titanic = Path.of(directory);
		}
		return new MajordomoBroker(name, factory, endpoints, broker.getHeartbeatInterval(),
				broker.getHeartbeatLiveness(), maxMessageSize, properties.getShutdownTimeout(), broker.isAutoStartup(),
				broker.isHealth(), titanic);
	}

	/**
	 * Registers one {@link MajordomoBroker} bean ({@code majordomoBroker.<name>}) per
	 * {@code zmq.brokers.<name>} with {@code type: majordomo}.
	 */
	static final class MajordomoBrokerRegistrar
			implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanFactoryAware {

		private Environment environment;

		private BeanFactory beanFactory;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
			Map<String, ZmqProperties.Broker> brokers = Binder.get(this.environment)
				.bind("zmq.brokers", Bindable.mapOf(String.class, ZmqProperties.Broker.class))
				.orElse(Map.of());
			brokers.forEach((name, broker) -> {
				if (broker.getType() != ZmqProperties.BrokerType.MAJORDOMO) {
					return;
				}
				BeanFactory factory = this.beanFactory;
				RootBeanDefinition definition = new RootBeanDefinition(MajordomoBroker.class,
						() -> createBroker(name, factory.getBean(ZmqProperties.class),
								factory.getBean(ZmqSocketFactory.class)));
				registry.registerBeanDefinition("majordomoBroker." + name, definition);
			});
		}

	}

}
