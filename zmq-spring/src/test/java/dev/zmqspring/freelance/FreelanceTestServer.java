package dev.zmqspring.freelance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

/**
 * A Freelance server (the {@code freelance} worker protocol's behavior) in a context of its own, so a
 * test can kill it the hard way (context closed) and start it again on the same port.
 */
final class FreelanceTestServer {

	final String endpoint;

	final AtomicInteger handled = new AtomicInteger();

	private ZContext context;

	private ZmqActor actor;

	private FreelanceServer server;

	FreelanceTestServer(int port) {
		this.endpoint = "tcp://127.0.0.1:" + port;
	}


	/** Starts the server, retrying while the port of its previous life is still being released. */
	FreelanceTestServer start() {
		Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
			ZContext fresh = new ZContext();
			try {
				ZmqSocketFactory factory = new ZmqSocketFactory(fresh, ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));
				ZmqRequestHandler handler = (request) -> {
					this.handled.incrementAndGet();
					return new ZMsg().addString("echo:" + request.peekFirst().getString(ZMQ.CHARSET));
				};
				ZmqWorkerDefinition definition = new ZmqWorkerDefinition("fl", 0, List.of(ZmqEndpoint.bind(this.endpoint)),
						"", "", "test server " + this.endpoint);
				FreelanceServer behavior = (FreelanceServer) new FreelanceWorkerProtocol().createWorker(definition, handler);
				ZmqActor started = new ZmqActor("fl-server", factory, behavior);
				started.start(Duration.ofSeconds(5));
				this.context = fresh;
				this.actor = started;
				this.server = behavior;
				return true;
			}
			catch (RuntimeException ex) {
				fresh.close();
				throw ex;
			}
		});
		return this;
	}

	FreelanceServer behavior() {
		return this.server;
	}

	/** Kills the server: its actor stops and its context is closed. */
	void kill() {
		if (this.actor != null) {
			this.actor.stop(Duration.ofSeconds(5));
			this.context.close();
			this.actor = null;
		}
	}

}
