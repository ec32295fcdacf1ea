package dev.zmqspring.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Owns a socket the template binds (e.g. {@code publish("@tcp://*:5556", ...)}): a bound address can
 * have only one socket, but many threads publish. Callers hand their frames to this actor over an
 * inproc PUSH of their own; the actor alone writes to the bound socket (Guide ch.2 "Multithreading
 * with ZeroMQ": sockets are never shared, messages are).
 */
final class BoundSocketRelay implements ZmqActorBehavior {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private static final int BATCH = 1024;

	private final SocketType type;

	private final List<ZmqEndpoint> endpoints;

	private final String inbox = "inproc://zmq-template-relay-" + SEQUENCE.incrementAndGet();

	private final ZmqActor actor;

	private volatile List<String> boundEndpoints = List.of();

	private ZMQ.Socket target;

	BoundSocketRelay(String spec, SocketType type, List<ZmqEndpoint> endpoints, ZmqSocketFactory factory) {
		this.type = type;
		this.endpoints = endpoints;
		this.actor = new ZmqActor("template-" + type.name().toLowerCase() + "-" + spec, factory, this);
	}

	void start(Duration timeout) {
		this.actor.start(timeout);
	}

	void stop(Duration timeout) {
		this.actor.stop(timeout);
	}

	String inbox() {
		return this.inbox;
	}

	List<String> boundEndpoints() {
		return this.boundEndpoints;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.target = loop.socket(this.type, List.of());
		this.boundEndpoints = List.copyOf(ZmqSocketFactory.attach(this.target, this.endpoints));
		ZMQ.Socket in = loop.socket(SocketType.PULL, List.of(ZmqEndpoint.bind(this.inbox)));
		loop.register(in, this::relay);
	}

	private void relay(ZMQ.Socket in) {
		for (int i = 0; i < BATCH; i++) {
			byte[] frame = in.recv(ZMQ.DONTWAIT);
			if (frame == null) {
				return;
			}
			while (in.hasReceiveMore()) {
				this.target.send(frame, ZMQ.SNDMORE);
				frame = in.recv(0);
			}
			this.target.send(frame, 0);
		}
	}

}
