package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.zeromq.ZContext;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;

import dev.zmqspring.broker.LoadBalancingWorkerProtocol;
import dev.zmqspring.broker.ParanoidPirateWorkerProtocol;

/**
 * Auto-configuration of the load-balancing brokers (Guide ch.3) and Paranoid Pirate queues (ch.4)
 * declared under {@code zmq.brokers.<name>}, one {@link dev.zmqspring.broker.ZmqBroker} bean each,
 * and of the matching worker protocols selected by {@code @ZmqWorker(protocol = "load-balancing")}
 * and {@code @ZmqWorker(protocol = "paranoid-pirate")}.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass(ZContext.class)
@Import(ZmqBrokerAutoConfiguration.BrokerRegistrar.class)
@ImportRuntimeHints(ZmqEntryRuntimeHints.class)
public final class ZmqBrokerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ParanoidPirateWorkerProtocol paranoidPirateWorkerProtocol(ZmqProperties properties) {
		ZmqProperties.ParanoidPirate pirate = properties.getParanoidPirate();
		return new ParanoidPirateWorkerProtocol(pirate.getHeartbeatInterval(), pirate.getHeartbeatLiveness(),
				pirate.getReconnectInitial(), pirate.getReconnectMax());
	}

	@Bean
	@ConditionalOnMissingBean
	LoadBalancingWorkerProtocol loadBalancingWorkerProtocol() {
		return new LoadBalancingWorkerProtocol();
	}

	/**
	 * Registers one {@link dev.zmqspring.broker.ZmqBroker} ({@code zmqBroker.<name>}) per
	 * {@code zmq.brokers.<name>} of type {@code load-balancing} or {@code paranoid-pirate}; Majordomo
	 * brokers are left to {@link ZmqMajordomoAutoConfiguration}. A broker without a type fails here.
	 */
	static final class BrokerRegistrar extends ZmqEntryRegistrar {

		@Override
		List<ZmqEntry<?>> entries(Binder binder, ZmqEntrySettings settings) {
			List<ZmqEntry<?>> entries = new ArrayList<>();
			ZmqBrokerKinds.bind(binder).forEach((name, type) -> {
				ZmqPropertiesValidator.require(ZmqBrokerKinds.PREFIX + "." + name + ".type", type,
						"load-balancing, paranoid-pirate or majordomo");
				switch (type) {
					case LOAD_BALANCING -> entries.add(ZmqLoadBalancingBrokerEntry.of(name,
							ZmqBrokerKinds.keys(binder, name, ZmqLoadBalancingBrokerEntry.Keys.class), settings));
					case PARANOID_PIRATE -> entries.add(ZmqParanoidPirateQueueEntry.of(name,
							ZmqBrokerKinds.keys(binder, name, ZmqParanoidPirateQueueEntry.Keys.class), settings));
					case MAJORDOMO -> {
					}
				}
			});
			return entries;
		}

	}

}
