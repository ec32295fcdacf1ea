package dev.zmqspring.actor;

import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.ZMQException;

import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqSocketFactory;

import zmq.ZError;

/**
 * An actor (Guide ch.2 "Multithreading with ZeroMQ"): one thread that owns its sockets for their
 * whole life, polls them, and talks to the outside world only through messages on an inproc control
 * pipe. Listener containers, proxies and brokers are all behaviors run by this one engine.
 *
 * <p>The control pipe is the actor's {@link ZmqActorMailbox}: pause, resume and stop are tasks
 * posted to it and acknowledged by the actor thread, and any thread may post its own tasks through
 * {@link #mailbox()} (completions of asynchronous results, request submissions). The posting side
 * never touches a socket, so no socket is ever shared between threads. The loop is never stopped
 * with {@link Thread#interrupt()} (JeroMQ turns interrupts into EINTR and can break its internal
 * pipes); when the context is terminated underneath it, ETERM ends the loop quietly.
 *
 * <p>The thread comes from the socket factory's {@link ZmqSocketFactory#getThreadFactory() thread
 * factory}; by default it is not a daemon: like Spring for Apache Kafka's containers, running
 * listeners keep a ZeroMQ-only application alive.
 */
public final class ZmqActor {

	private static final Log logger = LogFactory.getLog(ZmqActor.class);

	// what a round of the loop leaves the actor in
	private static final int ROUND_RUNNING = 0;

	private static final int ROUND_PAUSED = 1;

	private static final int ROUND_TERMINATED = -1;

	private final String name;

	private final ZmqSocketFactory factory;

	private final ZmqActorBehavior behavior;

	private final ZmqCounters counters;

	private final ZmqActorMailbox mailbox;

	private final ZmqActorLoop loop;

	// actor-thread state
	private boolean paused;

	private final CountDownLatch opened = new CountDownLatch(1);

	private final CountDownLatch terminated = new CountDownLatch(1);

	private volatile ZmqActorState state = ZmqActorState.NEW;

	private volatile Throwable failure;

	private volatile Thread thread;

	/**
	 * Creates an actor; nothing runs until {@link #start}.
	 * @param name a name for the thread and for messages
	 * @param factory where sockets come from
	 * @param behavior what the actor does
	 */
	public ZmqActor(String name, ZmqSocketFactory factory, ZmqActorBehavior behavior) {
		this(name, factory, behavior, null);
	}

	/**
	 * Creates an actor whose bound sockets' connections and refused frames are counted into the
	 * given counters; nothing runs until {@link #start}.
	 * @param name a name for the thread and for messages
	 * @param factory where sockets come from
	 * @param behavior what the actor does
	 * @param counters where connection counts go; {@code null} for the behavior's
	 * {@link ZmqActorBehavior#counters()}, or private ones if it has none
	 */
	public ZmqActor(String name, ZmqSocketFactory factory, ZmqActorBehavior behavior, ZmqCounters counters) {
		this.name = name;
		this.factory = factory;
		this.behavior = behavior;
		ZmqCounters own = (counters != null) ? counters : behavior.counters();
		this.counters = (own != null) ? own : new ZmqCounters();
		this.mailbox = new ZmqActorMailbox(name);
		this.loop = new ZmqActorLoop(name, factory, this.mailbox, this.counters);
	}

	/** The actor's name. */
	public String getName() {
		return this.name;
	}

	/**
	 * The actor's mailbox: tasks posted to it run on the actor thread (Guide ch.2: other threads talk
	 * to an actor only by messages). Safe to use from any thread, before, during and after the run;
	 * posts after the actor ended are rejected.
	 */
	public ZmqActorMailbox mailbox() {
		return this.mailbox;
	}

	/** The current state. */
	public ZmqActorState getState() {
		return this.state;
	}

	/** Why the actor failed, or {@code null}. */
	public Throwable getFailure() {
		return this.failure;
	}

	/** Whether the thread is alive and polling (running or paused). */
	public boolean isRunning() {
		ZmqActorState current = this.state;
		return current == ZmqActorState.RUNNING || current == ZmqActorState.PAUSED;
	}

	/**
	 * Starts the thread and waits until the behavior opened its sockets.
	 * @param timeout how long to wait for the sockets to open
	 * @throws ZmqException if the behavior failed to open (the cause says why) or did not open in time
	 */
	public void start(Duration timeout) {
		synchronized (this) {
			if (this.state != ZmqActorState.NEW) {
				throw new IllegalStateException("Actor " + this.name + " was already started; create a new one");
			}
			this.state = ZmqActorState.STARTING;
			Thread t = this.factory.getThreadFactory().newThread(this::run);
			t.setName("zmq-" + this.name);
			this.thread = t;
			t.start();
		}
		try {
			if (!this.opened.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				stop(timeout);
				throw new ZmqException("ZeroMQ component '" + this.name + "' did not start within " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ZmqException("Interrupted while starting ZeroMQ component '" + this.name + "'", ex);
		}
		Throwable cause = this.failure;
		if (cause != null) {
			awaitTermination(timeout);
			throw new ZmqException("ZeroMQ component '" + this.name + "' failed to start: " + cause.getMessage(), cause);
		}
	}

	/**
	 * Pauses the actor: it stops reading its input sockets (messages wait in ZeroMQ queues up to the
	 * high-water mark) but keeps its timers and mailbox.
	 * @param timeout how long to wait for the actor to acknowledge
	 * @return whether the actor acknowledged
	 */
	public boolean pause(Duration timeout) {
		return command(this::pauseNow, timeout);
	}

	/**
	 * Resumes a paused actor.
	 * @param timeout how long to wait for the actor to acknowledge
	 * @return whether the actor acknowledged
	 */
	public boolean resume(Duration timeout) {
		return command(this::resumeNow, timeout);
	}

	/**
	 * Stops the actor: the behavior's {@link ZmqActorBehavior#onStop} finishes in-flight work, the
	 * sockets close with their linger, and the thread ends.
	 * @param timeout how long to wait for the thread to end
	 * @return whether the thread ended in time
	 */
	public boolean stop(Duration timeout) {
		Thread t = this.thread;
		if (t == null || this.terminated.getCount() == 0) {
			return true;
		}
		if (t == Thread.currentThread()) {
			throw new IllegalStateException("An actor cannot wait for itself to stop; use ZmqActorLoop.stop()");
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		command(this.loop::stop, timeout);
		boolean ended = awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		if (!ended) {
			logger.warn("ZeroMQ component '" + this.name + "' did not stop within " + timeout
					+ "; its thread ends when the ZContext closes");
		}
		return ended;
	}

	/**
	 * Waits for the thread to end.
	 * @param timeout how long to wait
	 * @return whether it ended
	 */
	public boolean awaitTermination(Duration timeout) {
		try {
			return this.terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return this.terminated.getCount() == 0;
		}
	}

	private boolean command(Runnable command, Duration timeout) {
		if (!isRunning() && this.state != ZmqActorState.STARTING) {
			return false;
		}
		if (Thread.currentThread() == this.thread) {
			throw new IllegalStateException("An actor cannot send commands to itself");
		}
		CountDownLatch done = new CountDownLatch(1);
		try {
			this.mailbox.execute(() -> {
				command.run();
				done.countDown();
			});
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
		try {
			return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return done.getCount() == 0;
		}
	}

	private void pauseNow() {
		if (!this.paused) {
			this.paused = true;
			this.state = ZmqActorState.PAUSED;
			this.behavior.onPause();
		}
	}

	private void resumeNow() {
		if (this.paused) {
			this.paused = false;
			this.state = ZmqActorState.RUNNING;
			this.behavior.onResume();
		}
	}

	private void run() {
		Selector selector = null;
		ZmqActorLoop loop = this.loop;
		boolean open = false;
		try {
			selector = this.factory.getContext().getContext().selector();
			ZmqActorPoller poller = new ZmqActorPoller(selector, this.mailbox);
			loop.attach(poller);
			this.mailbox.attach(selector, Thread.currentThread());
			this.behavior.open(loop);
			loop.watchBoundSockets();
			this.state = ZmqActorState.RUNNING;
			open = true;
			this.opened.countDown();
			poll(loop, poller);
		}
		catch (Throwable ex) {
			if (isTermination(ex)) {
				logger.debug("ZeroMQ component '" + this.name + "' ends: context terminated");
			}
			else {
				this.failure = ex;
				if (open) {
					logger.error("ZeroMQ component '" + this.name + "' failed and stopped (health: zmq.context DOWN)", ex);
					this.factory.getFailures().actorFailed(this.name, ex);
				}
			}
		}
		finally {
			try {
				this.behavior.onClose();
			}
			catch (Throwable ex) {
				if (!isTermination(ex)) {
					logger.warn("ZeroMQ component '" + this.name + "' failed to close cleanly", ex);
				}
			}
			int dropped = this.mailbox.close();
			if (dropped > 0) {
				logger.debug("ZeroMQ component '" + this.name + "' ended with " + dropped + " task(s) not run");
			}
			loop.closeAll();
			if (selector != null) {
				this.factory.getContext().getContext().close(selector);
			}
			this.state = (this.failure != null) ? ZmqActorState.FAILED : ZmqActorState.STOPPED;
			this.opened.countDown();
			this.terminated.countDown();
		}
	}

	/**
	 * The loop: rounds until a stop is requested or the context is terminated, then lets the
	 * behavior finish its in-flight work.
	 */
	private void poll(ZmqActorLoop loop, ZmqActorPoller poller) throws Exception {
		while (!loop.isStopRequested()) {
			if (!round(loop, poller)) {
				return; // context terminated
			}
		}
		this.state = ZmqActorState.STOPPING;
		this.behavior.onStop();
	}

	/**
	 * One round of the loop: wait for input, mail or the next timer, run the mail (commands first,
	 * so a stop or pause takes effect before more input is read), call the handlers of the readable
	 * sockets, then the timer. Readiness is level-triggered, so a handler that leaves input queued (a
	 * batch limit, back-pressure) is called again on the next round.
	 *
	 * <p>A method of its own, not the body of the loop in {@link #poll}: the JIT compiles a method
	 * after a few thousand calls, but a loop that never returns only by on-stack replacement, after
	 * tens of thousands of rounds. A round runs once per wake-up, not per message, so the loop's body
	 * stayed interpreted for the first 8 seconds of a busy PULL worker, and was compiled by C2 only
	 * after 11 seconds (-XX:+PrintCompilation, BENCHMARKS.md).
	 * @return {@code false} when the context was terminated
	 */
	private boolean round(ZmqActorLoop loop, ZmqActorPoller poller) throws Exception {
		long timeout = -1;
		long deadline = this.behavior.nextTimerMillis();
		long monitors = loop.nextMonitorRead();
		long wake = (monitors < 0 || (deadline >= 0 && deadline < monitors)) ? deadline : monitors;
		if (wake >= 0) {
			timeout = Math.max(0, wake - System.currentTimeMillis());
		}
		loop.wakeAt(wake);
		int ready = poller.poll(this.paused ? 0 : poller.count(), timeout);
		if (ready == ZmqActorPoller.TERMINATED) {
			return false;
		}
		if (this.mailbox.hasMail()) {
			this.mailbox.run();
		}
		if (ready > 0) {
			for (int i = 0; !this.paused && i < poller.count() && !loop.isStopRequested(); i++) {
				ZmqActorPoller.Registration registration = poller.registration(i);
				if (registration.readable) {
					registration.readable = false;
					registration.handler.onReadable(registration.socket);
				}
			}
		}
		if (wake >= 0 && !loop.isStopRequested()) {
			long now = System.currentTimeMillis();
			if (deadline >= 0 && now >= deadline) {
				this.behavior.onTimer(now);
			}
			if (monitors >= 0 && now >= monitors) {
				loop.readMonitors(now);
			}
		}
		return true;
	}

	static boolean isTermination(Throwable ex) {
		if (ex instanceof ZError.CtxTerminatedException) {
			return true;
		}
		if (ex instanceof ZMQException zmq) {
			return zmq.getErrorCode() == ZError.ETERM;
		}
		if (ex instanceof ZError.IOException || ex instanceof java.nio.channels.ClosedSelectorException) {
			return true;
		}
		return false;
	}

	@Override
	public String toString() {
		return "ZmqActor[" + this.name + ", " + this.state + "]";
	}

}
