package dev.zmqspring.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.ZError;

/**
 * An asynchronous echo worker behind a queue proxy (Guide ch.3 "Asynchronous Client/Server"): a
 * DEALER that sends every message back with all its frames, so replies travel the proxy's ROUTER
 * envelope back to the client. Raw JeroMQ on its own thread; the same worker serves both sides of
 * the queue benchmark.
 */
public final class RawDealerEcho implements AutoCloseable {

	private final CompletableFuture<String> ready = new CompletableFuture<>();

	private final Thread thread;

	private volatile boolean running = true;

	/**
	 * Starts the worker, bound to an ephemeral loopback port.
	 * @param context the context to create the socket on
	 */
	public RawDealerEcho(ZContext context) {
		this.thread = new Thread(() -> run(context), "raw-dealer-echo");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Waits until bound and returns the endpoint. */
	public String endpoint() {
		try {
			return this.ready.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Echo worker did not start", ex);
		}
	}

	private void run(ZContext context) {
		ZMQ.Socket socket = RawZmq.socket(context, SocketType.DEALER);
		try {
			socket.setReceiveTimeOut(100);
			this.ready.complete(RawZmq.bind(socket, "tcp://127.0.0.1:*"));
			while (this.running) {
				byte[] frame = socket.recv(0);
				if (frame == null) {
					continue;
				}
				while (socket.hasReceiveMore()) {
					socket.send(frame, ZMQ.SNDMORE);
					frame = socket.recv(0);
				}
				socket.send(frame, 0);
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
