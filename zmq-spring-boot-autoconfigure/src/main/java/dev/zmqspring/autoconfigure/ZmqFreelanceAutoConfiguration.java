package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.zeromq.ZContext;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import dev.zmqspring.actuate.ZmqFreelanceHealthIndicator;
import dev.zmqspring.actuate.ZmqFreelanceMetrics;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.freelance.FreelanceStrategy;
import dev.zmqspring.freelance.FreelanceWorkerProtocol;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqSocketFactory;

import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Auto-configuration of Freelance (Guide ch.4 "Brokerless Reliability", spec 10/FLP): a
 * {@link FreelanceClient} bean ({@code freelanceClient.<name>}) per {@code zmq.freelance.clients.<name>}
 * (with one client it is simply injectable by type), the {@code "freelance"} worker protocol that
 * {@code @ZmqWorker(protocol = "freelance")} servers speak, the {@code zmqFreelance} health indicator
 * and the {@code zmq.freelance.*} meters.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass(ZContext.class)
@EnableConfigurationProperties(ZmqFreelanceProperties.class)
@Import(ZmqFreelanceAutoConfiguration.ClientRegistrar.class)
public final class ZmqFreelanceAutoConfiguration {

	/** The prefix of the client properties, named in errors. */
	static final String CLIENTS_KEY = "zmq.freelance.clients";

	@Bean(FreelanceWorkerProtocol.NAME)
	@ConditionalOnMissingBean(name = FreelanceWorkerProtocol.NAME)
	FreelanceWorkerProtocol freelanceWorkerProtocol(ZmqFreelanceProperties properties) {
		FreelanceWorkerProtocol protocol = new FreelanceWorkerProtocol();
		protocol.setPublicHost(properties.getServer().getPublicHost());
		return protocol;
	}

	/** Health of the Freelance clients: servers alive and dead, last heard. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("zmqFreelance")
	static final class FreelanceHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "zmqFreelanceHealthIndicator")
		ZmqFreelanceHealthIndicator zmqFreelanceHealthIndicator(ObjectProvider<FreelanceClient> clients) {
			return new ZmqFreelanceHealthIndicator(clients);
		}

	}

	/** The Freelance meters. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static final class FreelanceMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ZmqFreelanceMetrics zmqFreelanceMetrics(ObjectProvider<FreelanceClient> clients) {
			return new ZmqFreelanceMetrics(clients);
		}

	}

	/** Registers one {@link FreelanceClient} per {@code zmq.freelance.clients.<name>}. */
	static final class ClientRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

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
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			Map<String, ZmqFreelanceProperties.Client> clients = Binder.get(this.environment)
				.bind("zmq.freelance", ZmqFreelanceProperties.class)
				.map(ZmqFreelanceProperties::getClients)
				.orElse(Map.of());
			clients.forEach((name, client) -> registry.registerBeanDefinition("freelanceClient." + name,
					BeanDefinitionBuilder.genericBeanDefinition(FreelanceClient.class, () -> create(name, client))
						.getBeanDefinition()));
		}

		private FreelanceClient create(String name, ZmqFreelanceProperties.Client client) {
			String key = CLIENTS_KEY + "." + name;
			if (client.getStrategy() != FreelanceStrategy.ROUTER && client.getServers().isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(key + ".servers", client.getServers(),
						"A " + client.getStrategy().name().toLowerCase() + " Freelance client needs at least one server");
			}
			positive(key + ".request-timeout", client.getRequestTimeout());
			positive(key + ".ping-interval", client.getPingInterval());
			positive(key + ".server-ttl", client.getServerTtl());
			try {
				ZmqSocketFactory sockets = ZmqAutoConfiguration.secured(this.beanFactory.getBean(ZmqSocketFactory.class),
						client.getSecurity(), key + ".security", this.beanFactory.getBeanProvider(ZmqSecurityProfiles.class));
				return new FreelanceClient(sockets,
						this.beanFactory.getBean(ZmqMessageConverters.class), name, client.getServers(),
						client.getStrategy(), client.getRequestTimeout(), client.getPingInterval(), client.getServerTtl());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(key + ".servers", client.getServers(),
						ex.getMessage());
			}
		}

		private static void positive(String key, Duration value) {
			if (value == null || value.isZero() || value.isNegative()) {
				throw new InvalidConfigurationPropertyValueException(key, value, "must be positive");
			}
		}

	}

}
