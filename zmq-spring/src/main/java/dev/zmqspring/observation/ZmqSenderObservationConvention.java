package dev.zmqspring.observation;

import io.micrometer.observation.Observation;

/**
 * The convention of {@code zmq.send} and {@code zmq.request} observations ({@code ZmqTemplate},
 * {@code MajordomoClient}).
 */
public interface ZmqSenderObservationConvention extends ZmqObservationConvention<ZmqSenderContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ZmqSenderContext;
	}

}
