package dev.zmqspring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The common type of the starter's observation conventions. Declare a
 * {@link ZmqSenderObservationConvention} or {@link ZmqReceiverObservationConvention} bean to replace
 * the default names and tags, as with Spring for Apache Kafka's template and listener conventions.
 * @param <T> the context type
 */
public interface ZmqObservationConvention<T extends Observation.Context> extends ObservationConvention<T> {

}
