package dev.zmqspring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * How listener containers observe invocations: the registry and the convention of
 * {@code zmq.process}. Containers without observation have none and take one {@code null} check per
 * message.
 */
public final class ZmqReceiverObservations {

	private final ObservationRegistry registry;

	private final @Nullable ZmqReceiverObservationConvention convention;

	/**
	 * Creates the observation side of listeners.
	 * @param registry the registry
	 * @param convention a convention replacing {@link DefaultZmqReceiverObservationConvention}, or {@code null}
	 */
	public ZmqReceiverObservations(ObservationRegistry registry, @Nullable ZmqReceiverObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	/**
	 * Starts the observation of one invocation.
	 * @param listenerId the listener id
	 * @param socketType the listener's socket type or worker protocol
	 * @param replies whether the listener answers requests
	 * @param carrier the trace context the message carried (empty for none)
	 * @return the started observation
	 */
	public Observation start(String listenerId, String socketType, boolean replies, ZmqTraceContext carrier) {
		ZmqReceiverContext context = new ZmqReceiverContext(listenerId, socketType, replies, carrier);
		return Observation.createNotStarted(this.convention, DefaultZmqReceiverObservationConvention.INSTANCE,
				() -> context, this.registry).start();
	}

	/**
	 * Records a failed invocation (outcome {@code error}); the caller still stops the observation.
	 * @param observation the observation
	 * @param failure what the method threw
	 */
	public void failed(Observation observation, Throwable failure) {
		if (observation.getContext() instanceof ZmqReceiverContext context) {
			context.setOutcome("error");
		}
		observation.error(failure);
	}

}
