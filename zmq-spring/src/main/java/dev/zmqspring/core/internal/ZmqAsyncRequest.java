package dev.zmqspring.core.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.zeromq.ZMsg;

/**
 * One request of the asynchronous request-reply engine ({@link AsyncRequestEngine}), from its
 * submission to its future's completion: what it asks of whom, its attempts, and the token of its
 * attempt on the wire. The engine and its {@link ZmqAsyncCorrelation} use it on the engine's actor
 * thread only; the future may be completed there or cancelled by the caller.
 */
public final class ZmqAsyncRequest {

	private final String target;

	private final byte[][] frames;

	private final Function<ZMsg, Object> decoder;

	private final CompletableFuture<Object> future;

	private final long submittedAt = System.currentTimeMillis();

	int attempt;

	long token;

	/** The server of the attempt on the wire, for a target that names several (a pair). */
	String server;

	/**
	 * Creates a request.
	 * @param target whom it is for: an endpoint, or a Majordomo service
	 * @param frames the request body
	 * @param decoder turns the reply body into the caller's type
	 * @param future completed with the decoded reply or the failure
	 */
	public ZmqAsyncRequest(String target, byte[][] frames, Function<ZMsg, Object> decoder,
			CompletableFuture<Object> future) {
		this.target = target;
		this.frames = frames;
		this.decoder = decoder;
		this.future = future;
	}

	/** Whom the request is for: an endpoint, or a Majordomo service. */
	public String target() {
		return this.target;
	}

	/** The request body. */
	public byte[][] frames() {
		return this.frames;
	}

	/** The attempts made so far. */
	public int attempt() {
		return this.attempt;
	}

	/** The token of the attempt on the wire (unique per attempt within one engine), 0 before the first. */
	public long token() {
		return this.token;
	}

	/** When the request was submitted ({@link System#currentTimeMillis()}). */
	public long submittedAt() {
		return this.submittedAt;
	}

	/** Whether the future is already completed (answered, failed or cancelled). */
	public boolean isDone() {
		return this.future.isDone();
	}

	CompletableFuture<Object> future() {
		return this.future;
	}

	Function<ZMsg, Object> decoder() {
		return this.decoder;
	}

	/** The total size of the body, for the byte counters. */
	public long size() {
		long bytes = 0;
		for (byte[] frame : this.frames) {
			bytes += frame.length;
		}
		return bytes;
	}

}
