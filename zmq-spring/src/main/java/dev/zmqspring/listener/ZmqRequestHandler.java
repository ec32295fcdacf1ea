package dev.zmqspring.listener;

import org.zeromq.ZMsg;

/**
 * A request-reply handler as worker protocols see it: the request body frames in, the reply body
 * frames out. The listener layer builds one from a {@code @ZmqWorker} method (conversion, error
 * handling: a failing method yields a {@link dev.zmqspring.core.ZmqErrorReply}); a
 * {@link ZmqWorkerProtocol} calls it on its actor thread.
 */
@FunctionalInterface
public interface ZmqRequestHandler {

	/**
	 * Handles one request.
	 * @param request the request body (envelopes already removed by the protocol)
	 * @return the reply body, or {@code null} to send no reply
	 */
	ZMsg handle(ZMsg request);

	/**
	 * Called on the actor thread when the protocol dropped a message it could not handle (malformed,
	 * or a reply with no route back), so the drop is counted where health and the {@code zmq.dropped}
	 * meter look. Does nothing by default.
	 */
	default void dropped() {
	}

}
