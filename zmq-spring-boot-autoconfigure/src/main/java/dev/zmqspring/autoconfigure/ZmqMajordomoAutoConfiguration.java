package dev.zmqspring.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.Map;

import org.zeromq.SocketType;
import org.zeromq.ZContext;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoBrokerCompanion;
import dev.zmqspring.majordomo.titanic.Titanic;
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
@Import(ZmqMajordomoAutoConfiguration.MajordomoBrokerRegistrar.class)
public final class ZmqMajordomoAutoConfiguration {

	/** Default cap on messages a broker accepts when neither broker nor global max-message-size is set. */
	static final long DEFAULT_BROKER_MAX_MESSAGE_SIZE = DataSize.ofMegabytes(1).toBytes();

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
	 * Registers one {@link MajordomoBroker} bean ({@code majordomoBroker.<name>}) per
	 * {@code zmq.brokers.<name>} with {@code type: majordomo}, failing with the offending property
	 * named.
	 */
	static final class MajordomoBrokerRegistrar extends ZmqIntermediaryRegistrar<ZmqProperties.Broker> {

		@Override
		Map<String, ZmqProperties.Broker> entries(Environment environment) {
			return ZmqIntermediaries.brokers(environment);
		}

		@Override
		Registration registration(String name, ZmqProperties.Broker broker, Settings settings) {
			if (broker.getType() != ZmqProperties.BrokerType.MAJORDOMO) {
				return null;
			}
			// checked when the bean is created, so a misconfiguration is that bean's creation failure
			return new Registration("majordomoBroker." + name, MajordomoBroker.class,
					(beanFactory) -> createBroker(name, broker, settings, beanFactory.getBean(ZmqSocketFactory.class)),
					broker.isAutoStartup(), broker.isHealth());
		}

		private static MajordomoBroker createBroker(String name, ZmqProperties.Broker broker, Settings settings,
				ZmqSocketFactory factory) {
			String prefix = "zmq.brokers." + name + ".";
			if (broker.getEndpoint() == null || broker.getEndpoint().isBlank()) {
				throw new IllegalStateException(prefix + "endpoint must be set for a majordomo broker (the one ROUTER "
						+ "clients and workers share, e.g. tcp://*:5555)");
			}
			List<ZmqEndpoint> endpoints = ZmqEndpoint.parseAll(broker.getEndpoint(), SocketType.ROUTER,
					prefix + "endpoint");
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
			else if (settings.maxMessageSize() != null && settings.maxMessageSize().toBytes() >= 0) {
				maxMessageSize = settings.maxMessageSize().toBytes();
			}
			else {
				maxMessageSize = DEFAULT_BROKER_MAX_MESSAGE_SIZE;
			}
			Function<ZmqEndpoint, MajordomoBrokerCompanion> titanic = null;
			if (broker.getTitanic().isEnabled()) {
				String directory = broker.getTitanic().getDirectory();
				if (directory == null || directory.isBlank()) {
					throw new IllegalStateException(
							prefix + "titanic.directory must be set when titanic.enabled is true");
				}
				Path path = Path.of(directory);
				titanic = (endpoint) -> new Titanic(name, factory, path, List.of(endpoint), broker.getHeartbeatInterval(),
						broker.getHeartbeatLiveness());
			}
			return new MajordomoBroker(name, factory, endpoints, broker.getHeartbeatInterval(),
					broker.getHeartbeatLiveness(), maxMessageSize, settings.shutdownTimeout(), broker.isAutoStartup(),
					broker.isHealth(), titanic);
		}

	}

}
