package dev.zmqspring.samples.pipeline;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.zeromq.SocketType;

import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.listener.ZmqListenerRegistry;

/**
 * The workers ({@code taskwork2}): {@code pipeline.workers} PULL sockets, each on its own thread,
 * connected to the ventilator; each "works" for the task's workload in milliseconds and pushes the
 * result to the sink ({@code sendTo}). A subscriber on the controller stops them when KILL arrives.
 */
@Component
public class Workers {

	private final ZmqListenerRegistry listeners;

	private final CountDownLatch killed = new CountDownLatch(1);

	public Workers(ZmqListenerRegistry listeners) {
		this.listeners = listeners;
	}

	@ZmqWorker(id = "workers", type = SocketType.PULL, endpoints = ">#{endpoints.ventilator}",
			sendTo = ">${pipeline.sink-connect}", concurrency = "${pipeline.workers}")
	String work(String task) {
		LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(task))); // the Guide's simulated work
		return task;
	}

	/** The ch.2 kill signal: stop the worker pool (this subscriber is another actor, so it may). */
	@ZmqSubscriber(id = "kill-switch", endpoints = "#{sink.controller}", topics = "KILL")
	void kill() {
		this.listeners.stop("workers");
		this.killed.countDown();
	}

	void awaitKilled(Duration timeout) throws InterruptedException {
		if (!this.killed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("No kill signal within " + timeout);
		}
	}

}
