package dev.zmqspring.benchmarks;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A raw Freelance model 3 server (Guide ch.4 flserver3) on its own thread: a ROUTER whose identity is
 * its endpoint, {@code PING} answered with {@code PONG}, {@code [client][sequence][body]} echoed. The
 * same server answers the starter's {@code FreelanceClient} and the raw ROUTER client, so only the
 * client side differs between the two measurements.
 */
public final class RawFreelanceServer extends RawPeer {

	private final String endpoint;

	/**
	 * Starts the server.
	 * @param context the context to create the ROUTER on
	 * @param endpoint where to bind, also its identity (a fixed port)
	 */
	public RawFreelanceServer(ZContext context, String endpoint) {
		this.endpoint = endpoint;
		start(context, SocketType.ROUTER, "raw-freelance-server");
	}

	@Override
	protected String attach(ZMQ.Socket socket) {
		socket.setIdentity(this.endpoint.getBytes(ZMQ.CHARSET));
		socket.bind(this.endpoint);
		return this.endpoint;
	}

	@Override
	protected void serve(ZMQ.Socket socket) {
		ZMsg request = ZMsg.recvMsg(socket);
		if (request == null) {
			return;
		}
		if (request.size() == 2) {
			request.removeLast();
			request.addString("PONG");
		}
		request.send(socket);
	}

}
