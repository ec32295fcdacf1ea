package dev.zmqspring.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * The context of a {@code zmq.process} observation: one listener invocation. Its carrier is the
 * {@link ZmqTraceContext} read from the message's trace-context frame (empty when there was none),
 * from which tracing continues the sender's trace.
 */
public final class ZmqReceiverContext extends ReceiverContext<ZmqTraceContext> {

	private final String listenerId;

	private final String socketType;

	private String outcome = "success";

	/**
	 * Creates a context.
	 * @param listenerId the listener id
	 * @param socketType the listener's socket type or worker protocol
	 * @param replies whether the listener answers requests (a server) rather than consumes messages
	 * @param carrier the received trace context
	 */
	public ZmqReceiverContext(String listenerId, String socketType, boolean replies, ZmqTraceContext carrier) {
		super(ZmqTraceContext::get, replies ? Kind.SERVER : Kind.CONSUMER);
		this.listenerId = listenerId;
		this.socketType = socketType;
		setName(ZmqObservation.PROCESS.getName());
		setCarrier(carrier);
		setRemoteServiceName("zeromq");
	}

	/** The listener id. */
	public String getListenerId() {
		return this.listenerId;
	}

	/** The listener's socket type or worker protocol. */
	public String getSocketType() {
		return this.socketType;
	}

	/** {@code success} or {@code error}. */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets the outcome.
	 * @param outcome {@code success} or {@code error}
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
