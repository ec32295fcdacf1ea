package dev.zmqspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.listener.ZmqWorkerProtocol;

/** Real brokers and workers on loopback for the broker tests; closes everything it started. */
class BrokerTestSupport implements AutoCloseable {

	final ZContext context = new ZContext();

	final ZmqSocketFactory factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS);

	private final List<ZmqActor> actors = new ArrayList<>();

	private final List<ZmqBroker> brokers = new ArrayList<>();

	private final List<ZmqTemplate> templates = new ArrayList<>();

	/**
	 * A raw JeroMQ socket of the test's own (a hostile or hand-driven peer) with a handshake
	 * interval: JeroMQ 0.6.0 stalls a fresh connection now and then in its handshake
	 * (docs/jeromq.md), for 30 s without one, longer than the tests wait.
	 */
	ZMQ.Socket rawSocket(SocketType type) {
		ZMQ.Socket socket = this.context.createSocket(type);
		socket.setHandshakeIvl(1000);
		return socket;
	}

	ZmqBroker broker(ZmqBrokerType type, String frontend, String backend, Duration interval) {
		ZmqBrokerDefinition definition = new ZmqBrokerDefinition("test", type,
				ZmqEndpoint.parseAll(frontend, SocketType.ROUTER, "frontend"),
				ZmqEndpoint.parseAll(backend, SocketType.ROUTER, "backend"), interval, 3, 64 * 1024,
				"zmq.brokers.test");
		ZmqBroker broker = new ZmqBroker(definition, this.factory, Duration.ofSeconds(5));
		broker.start();
		this.brokers.add(broker);
		return broker;
	}

	ZmqBroker broker(ZmqBrokerDefinition definition) {
		ZmqBroker broker = new ZmqBroker(definition, this.factory, Duration.ofSeconds(5));
		broker.start();
		this.brokers.add(broker);
		return broker;
	}

	ZmqActor worker(ZmqWorkerProtocol protocol, String name, String endpoint, ZmqRequestHandler handler) {
		List<List<ZmqEndpoint>> servers = ZmqEndpoint.parseServers(endpoint, SocketType.DEALER, name);
		ZmqWorkerDefinition definition = new ZmqWorkerDefinition(name, 0,
				servers.stream().flatMap(List::stream).toList(), "", "", "test worker " + name, servers);
		ZmqActor actor = new ZmqActor(name, this.factory, protocol.createWorker(definition, handler));
		actor.start(Duration.ofSeconds(5));
		this.actors.add(actor);
		return actor;
	}

	ZmqTemplate template(Duration timeout, int retries) {
		ZmqTemplate template = new ZmqTemplate(this.factory, ZmqMessageConverters.defaults(), timeout, retries);
		this.templates.add(template);
		return template;
	}

	static ZMsg reply(String text) {
		ZMsg reply = new ZMsg();
		reply.add(text);
		return reply;
	}

	@Override
	public void close() {
		for (ZmqTemplate template : this.templates) {
			template.destroy();
		}
		for (ZmqActor actor : this.actors) {
			actor.stop(Duration.ofSeconds(5));
		}
		for (ZmqBroker broker : this.brokers) {
			broker.stop();
		}
		this.context.close();
	}

}
