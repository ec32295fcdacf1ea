package dev.zmqspring.benchmarks;

import java.util.function.Function;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One side of a listener benchmark: a raw sender socket bound on tcp loopback on its own context,
 * driven by the benchmark thread and paced by a {@link Window}, and the receiver under test
 * connected to it from another context: a starter application's listener, or a {@link RawReceiver}
 * loop doing the same per-message work. Both sides of a pair are built by this class, so they
 * have the same sender, the same contexts and the same pacing.
 */
final class WindowedFeed implements SidePair.Side {

	/** Sends one message on the sender socket. */
	@FunctionalInterface
	interface Sender {

		/**
		 * Sends one message.
		 * @param socket the sender socket
		 * @param payload the payload
		 * @param flags {@code 0} or {@link ZMQ#DONTWAIT}
		 * @return whether it was queued
		 */
		boolean send(ZMQ.Socket socket, byte[] payload, int flags);

	}

	private final ZContext senderContext = RawZmq.context();

	private final ZMQ.Socket socket;

	private final byte[] payload;

	private final Sender sender;

	private final String endpoint;

	private ConfigurableApplicationContext application;

	private ZContext receiverContext;

	private RawReceiver loop;

	private final Runnable sendOne;

	private Window window;

	private Arrivals arrivals;

	/**
	 * Binds the sender; start a receiver with {@link #startApplication} or {@link #startLoop}.
	 * @param type the sender's socket type (PUB, PUSH)
	 * @param size the payload size
	 * @param sender how one message is sent
	 */
	WindowedFeed(SocketType type, int size, Sender sender) {
		this.socket = RawZmq.socket(this.senderContext, type);
		this.payload = RawZmq.payload(size);
		this.sender = sender;
		this.endpoint = RawZmq.bind(this.socket, "tcp://127.0.0.1:*");
		this.sendOne = () -> sender.send(this.socket, this.payload, 0);
	}

	/** The sender's endpoint, e.g. {@code tcp://127.0.0.1:41234}. */
	String endpoint() {
		return this.endpoint;
	}

	/**
	 * Starts the starter side and waits for its first message.
	 * @param app the application class
	 * @param arrivals the counter of the listener bean
	 * @param what the listener, for error messages
	 * @param properties the application's properties
	 * @return this
	 * @throws Exception if the application fails to start
	 */
	WindowedFeed startApplication(Class<?> app, Function<ConfigurableApplicationContext, Arrivals> arrivals, String what,
			String... properties) throws Exception {
		this.application = StarterApp.start(app, properties);
		start(arrivals.apply(this.application), what);
		return this;
	}

	/**
	 * Starts the raw side and waits for its first message.
	 * @param type PULL or SUB
	 * @param mode the per-message work
	 * @param topic the SUB topic ({@code ""} for PULL)
	 * @return this
	 */
	WindowedFeed startLoop(SocketType type, RawReceiver.Mode mode, String topic) {
		this.receiverContext = RawZmq.context();
		// the raw listener as a user writes it: a blocking recv() with no timeout
		this.loop = new RawReceiver(this.receiverContext, type, ">" + this.endpoint, mode, this.payload.length, topic,
				(socket) -> socket.setReceiveTimeOut(-1));
		this.loop.endpoint();
		start(this.loop.arrivals(), "raw " + type + " loop");
		return this;
	}

	private void start(Arrivals arrivals, String what) {
		Window.handshake(arrivals, () -> this.sender.send(this.socket, this.payload, ZMQ.DONTWAIT), what);
		this.window = new Window(arrivals);
		this.arrivals = arrivals;
	}

	@Override
	public Arrivals arrivals() {
		return this.arrivals;
	}

	/** Sends one batch of {@link Window#BATCH} messages, then waits for the window. */
	void sendBatch() {
		this.window.sendBatch(this.sendOne);
	}

	@Override
	public void settle() {
		this.window.drain();
	}

	@Override
	public void close() throws Exception {
		if (this.loop != null) {
			// the loop blocks in recv() without a timeout: one more message lets it see the stop
			this.loop.requestStop();
			long deadline = System.nanoTime() + 5_000_000_000L;
			while (!this.loop.awaitExit(10) && System.nanoTime() < deadline) {
				this.sender.send(this.socket, this.payload, ZMQ.DONTWAIT);
			}
			this.loop.close();
			this.receiverContext.close();
		}
		if (this.application != null) {
			this.application.close();
		}
		this.socket.close();
		this.senderContext.close();
	}

}
