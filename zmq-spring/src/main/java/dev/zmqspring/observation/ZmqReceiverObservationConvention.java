package dev.zmqspring.observation;

import io.micrometer.observation.Observation;

/** The convention of {@code zmq.process} observations (listener invocations). */
public interface ZmqReceiverObservationConvention extends ZmqObservationConvention<ZmqReceiverContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ZmqReceiverContext;
	}

}
