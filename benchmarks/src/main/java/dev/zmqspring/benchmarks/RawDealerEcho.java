package dev.zmqspring.benchmarks;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * An asynchronous echo worker behind a queue proxy (Guide ch.3 "Asynchronous Client/Server"): a
 * DEALER that sends every message back with all its frames, so replies travel the proxy's ROUTER
 * envelope back to the client. Raw JeroMQ on its own thread; the same worker serves both sides of
 * the queue benchmark.
 */
public final class RawDealerEcho extends RawPeer {

	/**
	 * Starts the worker, bound to an ephemeral loopback port.
	 * @param context the context to create the socket on
	 */
	public RawDealerEcho(ZContext context) {
		start(context, SocketType.DEALER, "raw-dealer-echo");
	}

	@Override
	protected String attach(ZMQ.Socket socket) {
		return RawZmq.bind(socket, "tcp://127.0.0.1:*");
	}

	@Override
	protected void serve(ZMQ.Socket socket) {
		byte[] frame = socket.recv(0);
		if (frame == null) {
			return;
		}
		while (socket.hasReceiveMore()) {
			socket.send(frame, ZMQ.SNDMORE);
			frame = socket.recv(0);
		}
		socket.send(frame, 0);
	}

}
