package dev.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.zeromq.ZFrame;
import org.zeromq.ZMsg;

/**
 * The error reply frame: how a request-reply server built with this starter tells its requester
 * that the handler failed, so the requester never waits for a timeout (Guide ch.4: a client must be
 * able to tell "no answer" from "bad answer").
 *
 * <p>Wire format: a reply of exactly two frames, the first being the ASCII marker
 * {@code ZMQ-ERROR/1} (the digit is the format version), the second a UTF-8 description
 * ({@code "<exception class>: <message>"}). Any peer, in any language, can detect it.
 * {@link ZmqTemplate} turns it into a {@link ZmqRemoteException}.
 */
public final class ZmqErrorReply {

	/** The marker of the first frame. */
	public static final String MARKER = "ZMQ-ERROR/1";

	private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);

	private ZmqErrorReply() {
	}

	/**
	 * Builds the error reply body for a failure.
	 * @param failure the handler's exception
	 * @return two frames: marker and description
	 */
	public static ZMsg of(Throwable failure) {
		ZMsg msg = new ZMsg();
		msg.add(MARKER_BYTES);
		msg.add(describe(failure));
		return msg;
	}

	/**
	 * Describes a failure as {@code <class>: <message>} of its root cause.
	 * @param failure the failure
	 * @return the description
	 */
	public static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root
				&& (root instanceof java.lang.reflect.InvocationTargetException || root.getMessage() == null)) {
			root = root.getCause();
		}
		return root.getClass().getName() + ": " + root.getMessage();
	}

	/**
	 * Whether a reply is an error reply.
	 * @param reply the reply frames after the envelope
	 * @return {@code true} if it has two frames and the first is the marker
	 */
	public static boolean isErrorReply(ZMsg reply) {
		if (reply == null || reply.size() != 2) {
			return false;
		}
		ZFrame first = reply.peekFirst();
		return first != null && isMarker(first.getData());
	}

	/**
	 * Whether a frame is the marker.
	 * @param frame frame bytes
	 * @return {@code true} if it equals {@link #MARKER}
	 */
	public static boolean isMarker(byte[] frame) {
		return frame != null && Arrays.equals(frame, MARKER_BYTES);
	}

	/**
	 * The description of an error reply.
	 * @param reply an error reply
	 * @return its second frame as text
	 */
	public static String description(ZMsg reply) {
		return new String(reply.getLast().getData(), StandardCharsets.UTF_8);
	}

}
