package dev.zmqspring.support;

/**
 * The publish stamp of slow-subscriber detection (Guide ch.5 "Slow Subscriber Detection (Suicidal
 * Snail Pattern)"): a trailing frame that carries the time a message was published, so that a
 * subscriber can tell how far behind it is. The frame is 13 bytes:
 * <pre>
 *   00 5A 53 54 01        NUL, "ZST", version 1
 *   8 bytes               the publisher's clock, milliseconds since the epoch, big-endian
 * </pre>
 * It follows the payload (and comes before a trace-context frame, which is always last). Any ZeroMQ
 * program can append it; publisher and subscriber clocks must agree to within the allowed lag, as
 * the Guide's suicidal snail assumes.
 */
public final class ZmqPublishStamp {

	/** The frame's size. */
	public static final int SIZE = 13;

	private static final byte[] MAGIC = { 0, 'Z', 'S', 'T', 1 };

	private ZmqPublishStamp() {
	}

	/**
	 * A stamp frame for a time.
	 * @param epochMillis milliseconds since the epoch
	 * @return the frame
	 */
	public static byte[] of(long epochMillis) {
		byte[] frame = new byte[SIZE];
		System.arraycopy(MAGIC, 0, frame, 0, MAGIC.length);
		for (int i = 0; i < 8; i++) {
			frame[MAGIC.length + i] = (byte) (epochMillis >>> (56 - 8 * i));
		}
		return frame;
	}

	/**
	 * Whether a frame is a publish stamp.
	 * @param frame the frame
	 * @return whether it is 13 bytes starting with the magic
	 */
	public static boolean isStamp(byte[] frame) {
		if (frame.length != SIZE) {
			return false;
		}
		for (int i = 0; i < MAGIC.length; i++) {
			if (frame[i] != MAGIC[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The time a stamp carries.
	 * @param frame a frame for which {@link #isStamp} is true
	 * @return milliseconds since the epoch
	 */
	public static long epochMillis(byte[] frame) {
		long value = 0;
		for (int i = 0; i < 8; i++) {
			value = (value << 8) | (frame[MAGIC.length + i] & 0xFF);
		}
		return value;
	}

}
