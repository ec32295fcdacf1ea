package dev.zmqspring.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.ZError;

/**
 * The raw REP echo server of Guide ch.1 ("Ask and Ye Shall Receive") on its own thread: receive a
 * request, send it back. The same server answers the starter's {@code ZmqTemplate.request} and the
 * raw REQ client, so only the client side differs between the two measurements.
 */
public final class RawEchoServer implements AutoCloseable {

	private final CompletableFuture<String> ready = new CompletableFuture<>();

	private final Thread thread;

	private volatile boolean running = true;

	/**
	 * Starts the server.
	 * @param context the context to create the REP socket on
	 * @param bindAddress where to bind (ephemeral TCP ports allowed)
	 */
	public RawEchoServer(ZContext context, String bindAddress) {
		this.thread = new Thread(() -> run(context, bindAddress), "raw-rep-echo");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Waits until bound and returns the actual endpoint. */
	public String endpoint() {
		try {
			return this.ready.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Echo server did not start", ex);
		}
	}

	private void run(ZContext context, String bindAddress) {
		ZMQ.Socket socket = RawZmq.socket(context, SocketType.REP);
		try {
			socket.setReceiveTimeOut(100);
			this.ready.complete(RawZmq.bind(socket, bindAddress));
			while (this.running) {
				byte[] request = socket.recv(0);
				if (request != null) {
					socket.send(request, 0);
				}
			}
		}
		catch (ZMQException ex) {
			if (ex.getErrorCode() != ZError.ETERM) {
				this.ready.completeExceptionally(ex);
				throw ex;
			}
		}
		finally {
			socket.close();
		}
	}

	@Override
	public void close() {
		this.running = false;
		try {
			this.thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
