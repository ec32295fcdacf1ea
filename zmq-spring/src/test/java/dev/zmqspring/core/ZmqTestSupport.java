package dev.zmqspring.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;

/** Small real-socket peers for core tests, each running on its own actor. */
final class ZmqTestSupport {

	private ZmqTestSupport() {
	}

	/** A REP (or ROUTER) server that answers each request with {@code reply(request)}; counts requests. */
	static final class Server implements ZmqActorBehavior {

		final AtomicInteger requests = new AtomicInteger();

		private final String endpoint;

		private final UnaryOperator<ZMsg> reply;

		private final ZmqActor actor;

		volatile String bound;

		Server(ZmqSocketFactory factory, String endpoint, UnaryOperator<ZMsg> reply) {
			this.endpoint = endpoint;
			this.reply = reply;
			this.actor = new ZmqActor("test-server", factory, this);
		}

		Server start() {
			this.actor.start(Duration.ofSeconds(5));
			return this;
		}

		void stop() {
			this.actor.stop(Duration.ofSeconds(5));
		}

		@Override
		public void open(ZmqActorLoop loop) {
			ZMQ.Socket rep = loop.socket(SocketType.REP, List.of(ZmqEndpoint.bind(this.endpoint)));
			this.bound = rep.getLastEndpoint();
			loop.register(rep, (socket) -> {
				ZMsg request;
				while ((request = ZMsg.recvMsg(socket, ZMQ.DONTWAIT)) != null) {
					this.requests.incrementAndGet();
					this.reply.apply(request).send(socket);
				}
			});
		}

	}

}
