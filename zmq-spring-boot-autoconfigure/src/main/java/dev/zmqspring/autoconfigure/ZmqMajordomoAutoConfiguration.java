package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.zeromq.ZContext;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.ResolvableType;

import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoClient;
import dev.zmqspring.observation.ZmqSenderObservationConvention;
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
@ImportRuntimeHints(ZmqEntryRuntimeHints.class)
public final class ZmqMajordomoAutoConfiguration {

	/** The key of the default broker endpoint, named in errors. */
	static final String ENDPOINT_KEY = "zmq.majordomo.endpoint";

	@Bean
	@Conditional(OnMajordomoEndpointCondition.class)
	@ConditionalOnMissingBean
	MajordomoClient majordomoClient(ZmqSocketFactory factory, ZmqMessageConverters converters,
			ZmqProperties properties, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ZmqSenderObservationConvention> observationConvention,
			ObjectProvider<ZmqSecurityProfiles> securityProfiles) {
		ZmqProperties.Majordomo majordomo = properties.getMajordomo();
		ZmqSocketFactory sockets = ZmqAutoConfiguration.secured(factory, majordomo.getSecurity(),
				"zmq.majordomo.security", securityProfiles);
		MajordomoClient client = new MajordomoClient(sockets, converters,
				ZmqPropertiesValidator.join(majordomo.getEndpoint()), ENDPOINT_KEY, majordomo.getRequestTimeout(),
				majordomo.getRequestRetries(), majordomo.getAsyncConnections(), properties.getMaxMessageSize().toBytes());
		client.setObservations(ZmqObservations.sender(majordomo.isObservationEnabled(), majordomo.getTracePropagation(),
				observationRegistry, observationConvention));
		return client;
	}

	@Bean(MajordomoWorkerProtocol.NAME)
	@ConditionalOnMissingBean(name = MajordomoWorkerProtocol.NAME)
	MajordomoWorkerProtocol majordomoWorkerProtocol(ZmqProperties properties) {
		ZmqProperties.Majordomo majordomo = properties.getMajordomo();
		return new MajordomoWorkerProtocol(ZmqPropertiesValidator.join(majordomo.getEndpoint()), ENDPOINT_KEY,
				majordomo.getHeartbeatInterval(),
				majordomo.getHeartbeatLiveness(), majordomo.getReconnectInterval(),
				properties.getMaxMessageSize().toBytes());
	}

	/**
	 * Registers one {@link MajordomoBroker} bean ({@code majordomoBroker.<name>}) per
	 * {@code zmq.brokers.<name>} with {@code type: majordomo}, failing with the offending property
	 * named.
	 */
	static final class MajordomoBrokerRegistrar extends ZmqEntryRegistrar {

		@Override
		List<ZmqEntry<MajordomoBroker>> entries(Binder binder, ZmqEntrySettings settings) {
			List<ZmqEntry<MajordomoBroker>> entries = new ArrayList<>();
			ZmqBrokerKinds.bind(binder).forEach((name, type) -> {
				if (type == ZmqProperties.BrokerType.MAJORDOMO) {
					ZmqMajordomoBrokerEntry.Keys keys = ZmqBrokerKinds.keys(binder, name, ZmqMajordomoBrokerEntry.Keys.class);
					entries.add(new ZmqEntry.OnCreation<>(ZmqMajordomoBrokerEntry.BEAN_PREFIX + name,
							ResolvableType.forClass(MajordomoBroker.class), true,
							() -> ZmqMajordomoBrokerEntry.of(name, keys, settings)));
				}
			});
			return entries;
		}

	}

}
