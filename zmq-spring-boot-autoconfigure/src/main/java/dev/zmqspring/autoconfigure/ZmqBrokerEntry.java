package dev.zmqspring.autoconfigure;

import org.springframework.core.ResolvableType;

import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.broker.ZmqBrokerDefinition;

/**
 * The entry of a {@code zmq.brokers.<name>} that becomes a {@link ZmqBroker} bean named
 * {@code zmqBroker.<name>}: a load-balancing broker (Guide ch.3) or a Paranoid Pirate queue (ch.4).
 */
interface ZmqBrokerEntry extends ZmqEntry<ZmqBroker> {

	/**
	 * The broker's sockets, heartbeats and cap, as checked.
	 * @return the definition
	 */
	ZmqBrokerDefinition definition();

	@Override
	default String beanName() {
		return "zmqBroker." + definition().name();
	}

	@Override
	default ResolvableType beanType() {
		return ResolvableType.forClass(ZmqBroker.class);
	}

}
