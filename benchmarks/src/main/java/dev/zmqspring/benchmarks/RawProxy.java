package dev.zmqspring.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The raw counterpart of the starter's proxies: JeroMQ's built-in {@code ZMQ.proxy} (Guide ch.2
 * "ZeroMQ's Built-In Proxy Function") on its own thread and its own one-I/O-thread context, with the
 * starter's default socket options on both sockets. It runs until the context is terminated, the
 * Guide's way to stop it.
 */
public final class RawProxy implements AutoCloseable {

	private final ZMQ.Context context = ZMQ.context(1);

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final Thread thread;

	/**
	 * Starts a proxy that connects both of its sockets (the peers bind).
	 * @param frontendType XSUB (forwarder) or ROUTER (queue)
	 * @param frontend the address to connect the frontend to
	 * @param backendType XPUB (forwarder) or DEALER (queue)
	 * @param backend the address to connect the backend to
	 */
	public RawProxy(SocketType frontendType, String frontend, SocketType backendType, String backend) {
		this.thread = new Thread(() -> run(frontendType, frontend, backendType, backend), "raw-proxy");
		this.thread.setDaemon(true);
		this.thread.start();
		try {
			this.ready.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Raw proxy did not start", ex);
		}
	}

	private void run(SocketType frontendType, String frontend, SocketType backendType, String backend) {
		ZMQ.Socket front = this.context.socket(frontendType);
		ZMQ.Socket back = this.context.socket(backendType);
		try {
			RawZmq.apply(front);
			RawZmq.apply(back);
			front.connect(frontend);
			back.connect(backend);
			this.ready.complete(null);
			ZMQ.proxy(front, back, null);
		}
		catch (RuntimeException ex) {
			this.ready.completeExceptionally(ex);
		}
		finally {
			front.close();
			back.close();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.context.term();
		this.thread.join(5_000);
	}

}
