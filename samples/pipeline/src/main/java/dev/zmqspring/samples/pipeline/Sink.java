package dev.zmqspring.samples.pipeline;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.coordination.ZmqSynchronizedPublisher;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.core.ZmqTemplate;

/**
 * The sink ({@code tasksink2}): a PULL worker bound to {@code pipeline.sink} that collects one
 * result per task, then sends KILL on the controller (a PUB that knows its subscribers, so the
 * signal cannot be lost to a slow joiner).
 */
@Component
public class Sink implements DisposableBean {

	private final int tasks;

	private final ZmqSynchronizedPublisher controller;

	private final CountDownLatch batchDone = new CountDownLatch(1);

	private int results;

	private long started;

	private volatile long elapsed;

	public Sink(ZmqSocketFactory factory, ZmqTemplate zmq, @Value("${pipeline.controller}") String controller,
			@Value("${pipeline.tasks}") int tasks) {
		this.tasks = tasks;
		this.controller = new ZmqSynchronizedPublisher("controller", factory, zmq, controller)
			.start(Duration.ofSeconds(10));
	}

	/** Where workers subscribe for the kill signal. */
	public String getController() {
		return Endpoints.connectable(this.controller.getEndpoint());
	}

	@ZmqWorker(id = "sink", endpoints = "${pipeline.sink}", type = SocketType.PULL)
	void result(String result) {
		if (this.results == 0) {
			this.started = System.nanoTime();
		}
		this.results++;
		if (this.results % 10 == 0) {
			System.out.print(":");
		}
		else {
			System.out.print(".");
		}
		if (this.results == this.tasks) {
			System.out.println();
			this.elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.started);
			this.controller.publish("KILL", "");
			this.batchDone.countDown();
		}
	}

	/** Waits until the workers' kill subscription reached the controller. */
	void awaitWorkersListening(Duration timeout) {
		if (!this.controller.awaitSubscriptions("KILL", 1, timeout)) {
			throw new IllegalStateException("Workers did not subscribe to the controller within " + timeout);
		}
	}

	/** Waits for every result; returns the elapsed milliseconds from the first to the last. */
	long awaitBatch(Duration timeout) throws InterruptedException {
		if (!this.batchDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Only " + this.results + " of " + this.tasks + " results in " + timeout);
		}
		return this.elapsed;
	}

	@Override
	public void destroy() {
		this.controller.stop(Duration.ofSeconds(10));
	}

}
