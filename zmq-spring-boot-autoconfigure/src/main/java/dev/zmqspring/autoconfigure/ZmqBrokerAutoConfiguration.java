package dev.zmqspring.autoconfigure;

import org.zeromq.ZContext;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

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
@Import(ZmqBrokerRegistrar.class)
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

}
