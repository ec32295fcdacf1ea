package dev.zmqspring.broker;

import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.listener.ZmqWorkerDefinition;

import zmq.ZError;

/**
 * A load-balancing worker (Guide ch.3 "A Load Balancing Message Broker", lbworker) as an actor
 * behavior: a REQ socket connected to the broker's backend announces READY ({@code 0x01}), then
 * answers each {@code [client...][""][request...]} with {@code [client...][""][reply...]}; each
 * reply is also its next READY. A handler that returns {@code null} sends READY again instead, so
 * the REQ lockstep and the broker's bookkeeping stay in step.
 */
final class LoadBalancingWorker implements ZmqActorBehavior {

	private final ZmqWorkerDefinition definition;

	private final ZmqRequestHandler handler;

	private final ZmqCounters counters = new ZmqCounters();

	private final RequestEnvelope envelope = new RequestEnvelope(this.counters);

	LoadBalancingWorker(ZmqWorkerDefinition definition, ZmqRequestHandler handler) {
		this.definition = definition;
		this.handler = handler;
	}

	/** The worker's counters. */
	public ZmqCounters getCounters() {
		return this.counters;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		ZMQ.Socket socket = loop.socket(SocketType.REQ, List.of());
		ZmqSocketFactory.attach(socket, this.definition.endpoints(), this.definition.source());
		loop.registerReceiver(socket, this::onMessage); // its single input: early wake-ups are waited out
		socket.send(LoadBalancingBroker.READY, 0);
	}

	private void onMessage(ZMQ.Socket socket) {
		int count;
		try {
			count = this.envelope.read(socket, 0); // a receiver: called with input queued (ZmqActorLoop.registerReceiver)
		}
		catch (ZMQException ex) {
			if (ex.getErrorCode() != ZError.EFSM) {
				throw ex;
			}
			// a reply could not be queued (dropped and counted), so the REQ still owes the broker a
			// message: it cannot receive before it sends (lockstep); announce READY again instead
			socket.send(LoadBalancingBroker.READY, ZMQ.DONTWAIT);
			return;
		}
		if (count == 0) {
			return;
		}
		int delimiter = this.envelope.delimiter();
		if (delimiter < 0) {
			this.counters.dropped();
			this.handler.dropped();
			socket.send(LoadBalancingBroker.READY, 0);
			return;
		}
		if (!this.envelope.handle(delimiter, this.handler, socket)) {
			socket.send(LoadBalancingBroker.READY, 0);
		}
	}

}
