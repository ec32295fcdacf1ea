package dev.zmqspring.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * The context of a {@code zmq.send} or {@code zmq.request} observation. Its carrier is the
 * {@link ZmqTraceContext} tracing fills when the observation starts; the sender writes it as the
 * trace-context frame when the target propagates trace context.
 */
public final class ZmqSenderContext extends SenderContext<ZmqTraceContext> {

	private final ZmqObservation observation;

	private final String target;

	private final String socketType;

	private String outcome = "success";

	/**
	 * Creates a context.
	 * @param observation {@link ZmqObservation#SEND} or {@link ZmqObservation#REQUEST}
	 * @param target the endpoint as the caller named it, or the Majordomo service
	 * @param socketType the sending socket's type
	 */
	public ZmqSenderContext(ZmqObservation observation, String target, String socketType) {
		super(ZmqTraceContext::put, (observation == ZmqObservation.REQUEST) ? Kind.CLIENT : Kind.PRODUCER);
		this.observation = observation;
		this.target = target;
		this.socketType = socketType;
		setName(observation.getName());
		setCarrier(new ZmqTraceContext());
		setRemoteServiceName("zeromq");
	}

	/** Which observation this is. */
	public ZmqObservation getObservation() {
		return this.observation;
	}

	/** The endpoint as the caller named it, or the Majordomo service. */
	public String getTarget() {
		return this.target;
	}

	/** The sending socket's type. */
	public String getSocketType() {
		return this.socketType;
	}

	/** {@code success}, {@code error} or {@code timeout}. */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets the outcome.
	 * @param outcome {@code success}, {@code error} or {@code timeout}
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	/** The carrier (never {@code null}: set at construction). */
	public ZmqTraceContext getTraceContext() {
		ZmqTraceContext carrier = getCarrier();
		return (carrier != null) ? carrier : new ZmqTraceContext();
	}

}
