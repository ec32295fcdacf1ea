package dev.zmqspring.benchmarks;

import java.util.function.Consumer;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The raw REP echo server of Guide ch.1 ("Ask and Ye Shall Receive") on its own thread: receive a
 * request, send it back. The same server answers the starter's {@code ZmqTemplate.request} and the
 * raw REQ client, so only the client side differs between the two measurements.
 */
public final class RawEchoServer extends RawPeer {

	private final String bindAddress;

	/**
	 * Starts the server.
	 * @param context the context to create the REP socket on
	 * @param bindAddress where to bind (ephemeral TCP ports allowed)
	 */
	public RawEchoServer(ZContext context, String bindAddress) {
		this(context, bindAddress, (socket) -> {
		});
	}

	/**
	 * Starts the server with options of its own (e.g. a CURVE server's keys).
	 * @param context the context to create the REP socket on
	 * @param bindAddress where to bind (ephemeral TCP ports allowed)
	 * @param options applied to the socket before it binds
	 */
	public RawEchoServer(ZContext context, String bindAddress, Consumer<ZMQ.Socket> options) {
		this.bindAddress = bindAddress;
		start(context, SocketType.REP, "raw-rep-echo", options);
	}

	@Override
	protected String attach(ZMQ.Socket socket) {
		return RawZmq.bind(socket, this.bindAddress);
	}

	@Override
	protected void serve(ZMQ.Socket socket) {
		byte[] request = socket.recv(0);
		if (request != null) {
			socket.send(request, 0);
		}
	}

}
