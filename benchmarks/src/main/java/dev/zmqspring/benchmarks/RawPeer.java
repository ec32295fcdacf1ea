package dev.zmqspring.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.ZError;

/**
 * A raw JeroMQ peer on its own thread, the way the Guide writes one: one socket created, used and
 * closed by that thread (ch.2 threading rule) and a blocking {@code recv} loop. By default a 100 ms
 * receive timeout lets the loop notice {@link #close()} without interrupting JeroMQ; a loop that
 * stands for a user's receive loop (the raw listener baselines, {@link WindowedFeed}) blocks with no
 * timeout, as a user writes it, and is stopped by {@link #requestStop()} and one more message.
 * Subclasses say where the socket attaches and what one turn of the loop does.
 */
abstract class RawPeer implements AutoCloseable {

	private final CompletableFuture<String> ready = new CompletableFuture<>();

	private volatile Thread thread;

	private volatile boolean running = true;

	/** Starts the loop; call it last in the subclass constructor. */
	protected final void start(ZContext context, SocketType type, String name) {
		start(context, type, name, (socket) -> {
		});
	}

	/**
	 * Starts the loop with options of the socket's own set before it attaches (e.g. a CURVE server's
	 * keys); call it last in the subclass constructor.
	 */
	protected final void start(ZContext context, SocketType type, String name, Consumer<ZMQ.Socket> options) {
		Thread t = new Thread(() -> run(context, type, options), name);
		t.setDaemon(true);
		this.thread = t;
		t.start();
	}

	/** Attaches the socket (subscriptions included) and returns the actual endpoint. */
	protected abstract String attach(ZMQ.Socket socket);

	/** One turn of the loop: one receive (returning on the receive timeout) and its work. */
	protected abstract void serve(ZMQ.Socket socket);

	/** Waits until attached and returns the actual endpoint (ephemeral port resolved). */
	public String endpoint() {
		try {
			return this.ready.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(getClass().getSimpleName() + " did not start", ex);
		}
	}

	private void run(ZContext context, SocketType type, Consumer<ZMQ.Socket> options) {
		ZMQ.Socket socket = RawZmq.socket(context, type);
		try {
			socket.setReceiveTimeOut(100);
			options.accept(socket);
			this.ready.complete(attach(socket));
			while (this.running) {
				serve(socket);
			}
		}
		catch (ZMQException ex) {
			if (ex.getErrorCode() != ZError.ETERM) {
				this.ready.completeExceptionally(ex);
				throw ex;
			}
		}
		catch (RuntimeException ex) {
			this.ready.completeExceptionally(ex);
			throw ex;
		}
		finally {
			socket.close();
		}
	}

	/** Asks the loop to end after the message it waits for (a loop without a receive timeout needs one more). */
	public void requestStop() {
		this.running = false;
	}

	/**
	 * Waits for the loop's thread to end.
	 * @param millis how long to wait
	 * @return whether it ended
	 */
	public boolean awaitExit(long millis) throws InterruptedException {
		this.thread.join(millis);
		return !this.thread.isAlive();
	}

	/** Stops the loop and waits for its thread; an interrupt of the caller propagates. */
	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(5_000);
	}

}
