package dev.zmqspring.samples.loadbalancing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorComponent;
import dev.zmqspring.broker.LoadBalancingWorkerProtocol;
import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.listener.ZmqWorkerDefinition;

/**
 * The workers of lbbroker: each a REQ socket on the broker's backend that says READY and answers
 * "OK". Built from the auto-configured {@link LoadBalancingWorkerProtocol}; with the listener
 * annotations this is {@code @ZmqWorker(endpoints = "tcp://localhost:5556", protocol =
 * "load-balancing", concurrency = "3")} on one method.
 */
@Component
public class Workers implements SmartLifecycle {

	private final ZmqSocketFactory factory;

	private final LoadBalancingWorkerProtocol protocol;

	private final ZmqBroker broker;

	private final int count;

	private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

	private final List<ZmqActor> actors = new ArrayList<>();

	public Workers(ZmqSocketFactory factory, LoadBalancingWorkerProtocol protocol,
			@Qualifier("zmqBroker.lb") ZmqBroker broker, @Value("${lb.workers}") int count) {
		this.factory = factory;
		this.protocol = protocol;
		this.broker = broker;
		this.count = count;
	}

	/** Requests handled, by worker name. */
	public Map<String, AtomicInteger> getHandled() {
		return this.handled;
	}

	@Override
	public synchronized void start() {
		// a remote worker connects to tcp://broker-host:5556; here we ask the broker where it bound
		String backend = this.broker.getEndpoints().get(1).replace("0.0.0.0", "127.0.0.1");
		for (int i = 0; i < this.count; i++) {
			String name = "worker-" + i;
			ZmqWorkerDefinition definition = new ZmqWorkerDefinition(name, i,
					ZmqEndpoint.parseAll(">" + backend, SocketType.REQ, "lb backend"), "", "", "Workers");
			ZmqActor actor = new ZmqActor(name, this.factory, this.protocol.createWorker(definition, (request) -> {
				this.handled.computeIfAbsent(name, (k) -> new AtomicInteger()).incrementAndGet();
				ZMsg reply = new ZMsg();
				reply.add("OK from " + name + ": " + request.peekFirst().getString(ZMQ.CHARSET));
				return reply;
			}));
			actor.start(Duration.ofSeconds(10));
			this.actors.add(actor);
		}
	}

	@Override
	public synchronized void stop() {
		for (ZmqActor actor : this.actors) {
			actor.stop(Duration.ofSeconds(5));
		}
		this.actors.clear();
	}

	@Override
	public boolean isRunning() {
		return !this.actors.isEmpty();
	}

	@Override
	public int getPhase() {
		return ZmqActorComponent.PHASE + 1; // after the broker bound its sockets
	}

}
