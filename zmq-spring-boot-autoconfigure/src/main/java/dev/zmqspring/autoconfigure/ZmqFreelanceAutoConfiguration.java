package dev.zmqspring.autoconfigure;

import java.util.List;


import org.zeromq.ZContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;

import dev.zmqspring.actuate.ZmqFreelanceHealthIndicator;
import dev.zmqspring.actuate.ZmqFreelanceMetrics;
import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.freelance.FreelanceWorkerProtocol;

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
@ImportRuntimeHints(ZmqEntryRuntimeHints.class)
public final class ZmqFreelanceAutoConfiguration {

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

	/** Registers one {@link FreelanceClient} ({@code freelanceClient.<name>}) per {@code zmq.freelance.clients.<name>}. */
	static final class ClientRegistrar extends ZmqEntryRegistrar {

		@Override
		List<ZmqEntry<FreelanceClient>> entries(Binder binder, ZmqEntrySettings settings) {
			return ZmqFreelanceClientEntry.bind(binder);
		}

	}

}
