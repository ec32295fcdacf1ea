package dev.zmqspring.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.Msg;
import zmq.ZError;

/**
 * The raw counterparts of the starter's proxies, on their own thread and their own one-I/O-thread
 * context, with the starter's default socket options on both sockets: JeroMQ's built-in
 * {@code ZMQ.proxy} (Guide ch.2 "ZeroMQ's Built-In Proxy Function", one message per poll), or the
 * best loop a user could write by hand ({@code batch}: poll both sockets, then drain up to
 * {@value #BATCH} messages from each readable one, moving frames as {@code Msg} without copying, as
 * the starter's proxy does). Either runs until the context is terminated, the Guide's way to stop it.
 */
public final class RawProxy implements AutoCloseable {

	/** The most messages the batch loop moves from one socket per poll (the starter's proxy: 512). */
	static final int BATCH = 512;

	private final ZMQ.Context context = ZMQ.context(1);

	private final boolean batch;

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
		this(frontendType, frontend, backendType, backend, false);
	}

	/**
	 * Starts a proxy that connects both of its sockets (the peers bind).
	 * @param frontendType XSUB (forwarder) or ROUTER (queue)
	 * @param frontend the address to connect the frontend to
	 * @param backendType XPUB (forwarder) or DEALER (queue)
	 * @param backend the address to connect the backend to
	 * @param batch the hand-written batch loop instead of {@code ZMQ.proxy}
	 */
	public RawProxy(SocketType frontendType, String frontend, SocketType backendType, String backend, boolean batch) {
		this.batch = batch;
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
			if (this.batch) {
				batchLoop(front, back);
			}
			else {
				ZMQ.proxy(front, back, null);
			}
		}
		catch (RuntimeException ex) {
			this.ready.completeExceptionally(ex);
		}
		finally {
			front.close();
			back.close();
		}
	}

	/** Polls both sockets and drains each readable one in a batch; ends on ETERM. */
	private void batchLoop(ZMQ.Socket front, ZMQ.Socket back) {
		ZMQ.Poller poller = this.context.poller(2);
		poller.register(front, ZMQ.Poller.POLLIN);
		poller.register(back, ZMQ.Poller.POLLIN);
		try {
			while (poller.poll(-1) >= 0) {
				if (poller.pollin(0) && !drain(front, back)) {
					return;
				}
				if (poller.pollin(1) && !drain(back, front)) {
					return;
				}
			}
		}
		catch (ZMQException ex) {
			// ETERM: the context is closing
		}
		finally {
			poller.close();
		}
	}

	/** Moves up to {@link #BATCH} whole messages; {@code false} once the context is terminating. */
	private static boolean drain(ZMQ.Socket from, ZMQ.Socket to) {
		for (int n = 0; n < BATCH; n++) {
			Msg msg = from.recvMsg(ZMQ.DONTWAIT);
			if (msg == null) {
				return from.errno() != ZError.ETERM;
			}
			boolean more = msg.hasMore();
			if (!to.sendMsg(msg, more ? ZMQ.SNDMORE : 0)) {
				return false;
			}
			while (more) {
				msg = from.recvMsg(0);
				if (msg == null) {
					return false;
				}
				more = msg.hasMore();
				to.sendMsg(msg, more ? ZMQ.SNDMORE : 0);
			}
		}
		return true;
	}

	@Override
	public void close() throws InterruptedException {
		this.context.term();
		this.thread.join(5_000);
	}

}
