package dev.zmqspring.benchmarks;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The raw twin of the starter's Freelance model 3 client as the Guide builds it (ch.4 flcliapi): the
 * caller talks to an agent thread over an inproc PAIR pipe, the agent owns the ROUTER to the server
 * and forwards {@code [sequence][body]} out as {@code [server][sequence][body]} and the replies back
 * as {@code [sequence][reply]}. Raw JeroMQ only, no library code: what the agent's hop costs a user
 * who writes the Guide's design by hand, beside the direct ROUTER client of {@link FreelanceBenchmark}.
 */
final class RawFreelanceAgent implements AutoCloseable {

	private final Thread thread;

	private final ZMQ.Socket pipe;

	RawFreelanceAgent(ZContext context, String server, String address) throws InterruptedException {
		this.pipe = RawZmq.socket(context, SocketType.PAIR);
		this.pipe.bind("inproc://raw-freelance-agent-" + address.hashCode());
		java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
		byte[] identity = server.getBytes(ZMQ.CHARSET);
		this.thread = new Thread(() -> run(context, address, identity, ready), "raw-freelance-agent");
		this.thread.start();
		ready.await();
	}

	private void run(ZContext context, String address, byte[] identity, java.util.concurrent.CountDownLatch ready) {
		ZMQ.Socket front = RawZmq.socket(context, SocketType.PAIR);
		front.connect("inproc://raw-freelance-agent-" + address.hashCode());
		ZMQ.Socket router = RawZmq.socket(context, SocketType.ROUTER);
		router.setRouterMandatory(true);
		router.connect(address);
		ZMQ.Poller poller = context.createPoller(2);
		poller.register(front, ZMQ.Poller.POLLIN);
		poller.register(router, ZMQ.Poller.POLLIN);
		ready.countDown();
		try {
			while (poller.poll(-1) >= 0) {
				byte[] frame;
				while ((frame = front.recv(ZMQ.DONTWAIT)) != null) {
					if (frame.length == 4 && new String(frame, ZMQ.CHARSET).equals("PING")) {
						// the handshake: PING the server until the ROUTER can route to it
						boolean sent = false;
						while (!sent) {
							try {
								router.send(identity, ZMQ.SNDMORE);
								router.send("PING");
								sent = true;
							}
							catch (org.zeromq.ZMQException ex) {
								java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
							}
						}
						continue;
					}
					router.send(identity, ZMQ.SNDMORE);
					router.send(frame, ZMQ.SNDMORE);
					router.send(front.recv(0), 0);
				}
				while ((frame = router.recv(ZMQ.DONTWAIT)) != null) {
					byte[] control = router.recv(0);
					if (!router.hasReceiveMore()) {
						front.send("PONG"); // [server][PONG]
						continue;
					}
					front.send(control, ZMQ.SNDMORE);
					front.send(router.recv(0), 0);
				}
			}
		}
		catch (RuntimeException ex) {
			// ETERM: the context is closing
		}
		finally {
			poller.close();
			router.close();
			front.close();
		}
	}

	/** The caller's end of the pipe (the benchmark thread only). */
	ZMQ.Socket pipe() {
		return this.pipe;
	}

	/** Waits until the agent reached the server (its PONG came back). */
	void awaitServer() {
		this.pipe.send("PING");
		this.pipe.recv(0);
	}

	@Override
	public void close() throws InterruptedException {
		this.pipe.close();
		// the context's termination ends the agent's poll
	}

}
