package dev.zmqspring.observation;

import io.micrometer.common.KeyValues;

/**
 * The default names and tags of {@code zmq.process}: contextual name {@code "<listener id> process"},
 * tags {@code zmq.listener.id}, {@code zmq.socket.type} and {@code zmq.outcome}.
 */
public class DefaultZmqReceiverObservationConvention implements ZmqReceiverObservationConvention {

	/** The shared instance. */
	public static final DefaultZmqReceiverObservationConvention INSTANCE = new DefaultZmqReceiverObservationConvention();

	@Override
	public String getName() {
		return ZmqObservation.PROCESS.getName();
	}

	@Override
	public String getContextualName(ZmqReceiverContext context) {
		return context.getListenerId() + " process";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ZmqReceiverContext context) {
		return KeyValues.of(ZmqObservation.ReceiverKeys.LISTENER_ID.withValue(context.getListenerId()),
				ZmqObservation.ReceiverKeys.SOCKET_TYPE.withValue(context.getSocketType()),
				ZmqObservation.ReceiverKeys.OUTCOME.withValue(context.getOutcome()));
	}

}
