package dev.zmqspring.observation;

import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default names and tags of {@code zmq.send} and {@code zmq.request}: the observation's own name,
 * the contextual name {@code "<target> send|request"}, and the tags {@code zmq.target},
 * {@code zmq.socket.type} and {@code zmq.outcome}.
 */
public class DefaultZmqSenderObservationConvention implements ZmqSenderObservationConvention {

	/** The shared instance. */
	public static final DefaultZmqSenderObservationConvention INSTANCE = new DefaultZmqSenderObservationConvention();

	/**
	 * No override: the name is the context's, {@code zmq.send} or {@code zmq.request}
	 * ({@link ZmqSenderContext#getObservation()}).
	 * @return {@code null}
	 */
	@Override
	public @Nullable String getName() {
		return null;
	}

	@Override
	public String getContextualName(ZmqSenderContext context) {
		return context.getTarget() + ((context.getObservation() == ZmqObservation.REQUEST) ? " request" : " send");
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ZmqSenderContext context) {
		return KeyValues.of(ZmqObservation.SenderKeys.TARGET.withValue(context.getTarget()),
				ZmqObservation.SenderKeys.SOCKET_TYPE.withValue(context.getSocketType()),
				ZmqObservation.SenderKeys.OUTCOME.withValue(context.getOutcome()));
	}

}
