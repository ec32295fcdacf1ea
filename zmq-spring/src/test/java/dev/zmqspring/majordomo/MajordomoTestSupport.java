package dev.zmqspring.majordomo;

import java.time.Duration;
import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.listener.ZmqWorkerDefinition;

/** Brokers and workers on real loopback sockets for the Majordomo tests. */
final class MajordomoTestSupport {

	static final Duration START = Duration.ofSeconds(10);

	private MajordomoTestSupport() {
	}

	static MajordomoBroker broker(ZmqSocketFactory factory, String endpoint, Duration heartbeat) {
		MajordomoBroker broker = new MajordomoBroker("test", factory,
				ZmqEndpoint.parseAll(endpoint, SocketType.ROUTER, "test"), heartbeat, 3, 1024 * 1024,
				Duration.ofSeconds(5), true, true, null);
		broker.start();
		return broker;
	}

	static MajordomoWorkerProtocol protocol(String endpoint, Duration heartbeat) {
		return new MajordomoWorkerProtocol(endpoint, heartbeat, 3, heartbeat, -1);
	}

	static ZmqActor worker(ZmqSocketFactory factory, MajordomoWorkerProtocol protocol, String service,
			ZmqRequestHandler handler) {
		ZmqWorkerDefinition definition = new ZmqWorkerDefinition(service + "-worker", 0, List.of(), service, "",
				"test worker '" + service + "'");
		ZmqActor actor = new ZmqActor("mdp-worker-" + service, factory, protocol.createWorker(definition, handler));
		actor.start(START);
		return actor;
	}

	@SuppressWarnings("unchecked")
	static int workers(MajordomoBroker broker, String service) {
		Object services = broker.getDetails().get("services");
		if (!(services instanceof java.util.Map<?, ?> map) || !(map.get(service) instanceof java.util.Map<?, ?> one)) {
			return 0;
		}
		return (Integer) ((java.util.Map<String, Object>) one).get("workers");
	}

	/** A reply that is the request's first frame behind a prefix: what the echo-like test workers answer. */
	static ZMsg prefixed(String prefix, ZMsg request) {
		ZMsg reply = new ZMsg();
		reply.add(prefix + request.popString());
		return reply;
	}

}
