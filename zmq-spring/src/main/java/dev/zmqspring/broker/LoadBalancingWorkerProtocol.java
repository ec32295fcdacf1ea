package dev.zmqspring.broker;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.listener.ZmqWorkerProtocol;

/**
 * The worker protocol {@code @ZmqWorker(protocol = "load-balancing")}: each worker is a
 * {@link LoadBalancingWorker} (Guide ch.3), a REQ socket connected to the {@code endpoints} of the
 * annotation, which name the load-balancing broker's backend.
 */
public class LoadBalancingWorkerProtocol implements ZmqWorkerProtocol {

	/** The protocol name. */
	public static final String NAME = "load-balancing";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public void validate(ZmqWorkerDefinition definition) {
		if (definition.endpoints().isEmpty()) {
			throw new IllegalStateException(definition.source() + ": @ZmqWorker(protocol = \"" + NAME
					+ "\") needs endpoints: the load-balancing broker's backend, e.g. \"tcp://localhost:5556\"");
		}
		if (definition.servers().size() > 1) {
			throw new IllegalStateException(definition.source() + ": @ZmqWorker(protocol = \"" + NAME
					+ "\") takes one broker; a pair ('|') is for paranoid-pirate and Majordomo workers");
		}
	}

	@Override
	public ZmqActorBehavior createWorker(ZmqWorkerDefinition definition, ZmqRequestHandler handler) {
		validate(definition);
		return new LoadBalancingWorker(definition, handler);
	}

}
