package dev.zmqspring.clone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.lifecycle.ZmqLifecycleComponent;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

/** Builds Clone servers and maps on loopback TCP for the tests, and stops them all. */
final class CloneTestSupport implements AutoCloseable {

	static final Duration HEARTBEAT = Duration.ofMillis(100);

	static final Duration SERVER_TIMEOUT = Duration.ofMillis(1000);

	final ZContext context = new ZContext();

	/**
	 * A handshake interval below the server timeout: JeroMQ 0.6.0 stalls a fresh connection now and
	 * then in its handshake (docs/jeromq.md), and with the default 2 s a stalled subscriber would make a
	 * map fail over to the other server.
	 */
	final ZmqSocketFactory factory = new ZmqSocketFactory(this.context,
			ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO).withHandshakeInterval(Duration.ofMillis(300)));

	private final List<ZmqLifecycleComponent> started = new ArrayList<>();

	/** A raw JeroMQ socket of the test's own (a hostile peer) with a 1 s handshake interval. */
	ZMQ.Socket rawSocket(SocketType type) {
		ZMQ.Socket socket = this.context.createSocket(type);
		socket.setHandshakeIvl(1000);
		return socket;
	}

	CloneServer server(String name) {
		CloneServer server = new CloneServer(name, this.factory,
				CloneServerConfig.of("tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*")
					.withHeartbeat(HEARTBEAT),
				null, Duration.ofSeconds(5));
		return start(server);
	}

	static CloneEndpoints endpoints(CloneServer server) {
		return new CloneEndpoints(server.getSnapshotEndpoint(), server.getPublisherEndpoint(),
				server.getCollectorEndpoint());
	}

	ZmqCloneMap<String> map(String name, String subtree, CloneEndpoints... servers) {
		return start(new ZmqCloneMap<>(name, this.factory, List.of(servers), subtree, String.class,
				ZmqMessageConverters.defaults(), SERVER_TIMEOUT, Duration.ofSeconds(5), null));
	}

	<T extends ZmqLifecycleComponent> T start(T component) {
		component.start();
		this.started.add(component);
		return component;
	}


	@Override
	public void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			ZmqLifecycleComponent component = this.started.get(i);
			if (component.isRunning()) {
				component.stop();
			}
		}
		this.context.close();
	}

}
