package dev.zmqspring.actor;

import java.nio.channels.ClosedSelectorException;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import zmq.SocketBase;
import zmq.ZError;

/**
 * The actor's mailbox (Guide ch.2 "Multithreading with ZeroMQ": other threads talk to an actor only
 * by messages): any thread posts a task, the actor runs it on its own thread at its next round. It
 * carries the control commands (pause, resume, stop), the completions of asynchronous handler
 * results, and the submissions of asynchronous requests.
 *
 * <p>No socket is involved on the posting side: a post adds to a lock-free queue and, if the mailbox
 * was empty, wakes the actor's selector ({@link Selector#wakeup()}, thread-safe, remembered when the
 * actor is not selecting) and unparks the actor thread (for {@link #runArriving}). So a thread with
 * its interrupt flag set can post without breaking JeroMQ's pipes, and a burst of posts costs one
 * wake-up. This replaces a short-lived inproc socket per command and per completion.
 *
 * <p>While the actor waits on one of its sockets instead of its selector ({@link #awaitInput}), a
 * post also ends that wait, with JeroMQ's own cancellation of a blocking call
 * ({@code SocketBase.cancel}: a command to the socket's mailbox, the way JeroMQ's threads wake a
 * socket). The posting thread still never uses the socket: it cannot send, receive or close it.
 */
public final class ZmqActorMailbox implements Executor {

	private final String name;

	private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean signalled = new AtomicBoolean();

	private volatile Selector selector;

	private volatile Thread owner;

	private volatile boolean closed;

	/** Guards {@link #waitingOn}: a post cancels only a wait in progress, never a socket closed since. */
	private final Object waitLock = new Object();

	private SocketBase waitingOn;

	private final AtomicBoolean waitCancelled = new AtomicBoolean();

	ZmqActorMailbox(String name) {
		this.name = name;
	}

	/**
	 * Posts a task to run on the actor thread.
	 * @param task what to run; an exception it throws fails the actor, like one from a socket handler
	 * @throws RejectedExecutionException if the actor has ended
	 */
	@Override
	public void execute(Runnable task) {
		if (this.closed) {
			throw rejected();
		}
		this.tasks.add(task);
		if (this.closed && this.tasks.remove(task)) {
			throw rejected(); // the actor ended while we posted and will never run it
		}
		if (!this.signalled.getAndSet(true)) {
			wake();
		}
	}

	/** Whether tasks were posted since the actor last ran them (one volatile read). */
	boolean hasMail() {
		return this.signalled.get();
	}

	/**
	 * Runs every task posted so far, on the actor thread.
	 * @return how many ran
	 */
	int run() {
		this.signalled.set(false); // before draining: a later post signals again
		int ran = 0;
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			task.run();
			ran++;
		}
		return ran;
	}

	/**
	 * Waits for tasks without polling any socket and runs them: for a behavior that must finish
	 * in-flight work while stopping (e.g. asynchronous results still to be sent).
	 * @param timeoutNanos how long to wait for at least one task
	 * @return whether a task ran
	 */
	boolean runArriving(long timeoutNanos) {
		long deadline = System.nanoTime() + timeoutNanos;
		while (true) {
			if (run() > 0) {
				return true;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			LockSupport.parkNanos(this, left);
		}
	}

	/**
	 * On the actor thread: waits on a socket's own signal, as JeroMQ's blocking receive does, until
	 * the socket has input, a task is posted or the time is up ({@code SocketBase.poll}). Used by
	 * the poller for a receiver's early wake-up ({@code ZmqActorPoller#poll}).
	 * @param socket a socket of this actor
	 * @param timeoutMillis the longest wait, at least 1
	 * @return {@code true} when the socket has input, {@code false} on mail or timeout
	 * @throws ZError.CtxTerminatedException if the context was terminated meanwhile
	 */
	boolean awaitInput(SocketBase socket, int timeoutMillis) {
		this.waitCancelled.set(false);
		synchronized (this.waitLock) {
			this.waitingOn = socket;
		}
		try {
			if (hasMail()) {
				return false; // posted before the wait was visible: no cancel will come for it
			}
			int events = socket.poll(zmq.ZMQ.ZMQ_POLLIN, timeoutMillis, this.waitCancelled);
			if (events < 0 && socket.errno() == ZError.ETERM) {
				throw new ZError.CtxTerminatedException();
			}
			return events > 0;
		}
		finally {
			synchronized (this.waitLock) {
				this.waitingOn = null;
			}
		}
	}

	/** Whether the actor is in {@link #awaitInput} (a diagnostic for tests). */
	boolean isWaiting() {
		synchronized (this.waitLock) {
			return this.waitingOn != null;
		}
	}

	/** Ends a wait in {@link #awaitInput}, if one is in progress (any thread). */
	private void cancelWait() {
		synchronized (this.waitLock) {
			SocketBase socket = this.waitingOn;
			if (socket != null) {
				try {
					socket.cancel(this.waitCancelled);
				}
				catch (RuntimeException ex) {
					// the context is terminating: the wait ends with ETERM anyway
				}
			}
		}
	}

	void attach(Selector selector, Thread owner) {
		this.selector = selector;
		this.owner = owner;
		if (hasMail()) {
			wake();
		}
	}

	/**
	 * After the actor's loop ended: nothing posted later runs, and nothing waiting will. Waiting
	 * {@link Task}s are told they were abandoned (a submitted request fails its future).
	 * @return how many tasks never ran
	 */
	int close() {
		this.closed = true;
		int dropped = 0;
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			dropped++;
			if (task instanceof Task abandonable) {
				try {
					abandonable.abandoned();
				}
				catch (RuntimeException ex) {
					// the actor is gone either way
				}
			}
		}
		this.selector = null;
		return dropped;
	}

	private void wake() {
		Selector current = this.selector;
		if (current != null) {
			try {
				current.wakeup();
			}
			catch (ClosedSelectorException ex) {
				// the actor is ending; close() rejects from now on
			}
		}
		cancelWait();
		Thread thread = this.owner;
		if (thread != null) {
			LockSupport.unpark(thread);
		}
	}

	private RejectedExecutionException rejected() {
		return new RejectedExecutionException("ZeroMQ component '" + this.name + "' has stopped");
	}

	@Override
	public String toString() {
		return "ZmqActorMailbox[" + this.name + "]";
	}

	/**
	 * A task that must learn when it will never run: posted before the actor ended, still waiting
	 * when it did. Called on the thread that ends the actor.
	 */
	public interface Task extends Runnable {

		/** The actor ended before running this task. */
		void abandoned();

	}

}
