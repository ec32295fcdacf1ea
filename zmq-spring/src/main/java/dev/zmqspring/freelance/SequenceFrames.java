package dev.zmqspring.freelance;

import java.nio.charset.StandardCharsets;

/**
 * The sequence-number frame of Freelance models 2 and 3 (Guide ch.4 flclient2, flcliapi): the
 * request number as decimal ASCII, which the servers return unchanged in front of the reply.
 */
final class SequenceFrames {

	private SequenceFrames() {
	}

	static byte[] encode(long sequence) {
		return Long.toString(sequence).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Parses a sequence frame.
	 * @param frame the frame
	 * @return the number, or -1 if the frame is not a decimal number
	 */
	static long decode(byte[] frame) {
		if (frame.length == 0 || frame.length > 18) {
			return -1;
		}
		long value = 0;
		for (byte b : frame) {
			if (b < '0' || b > '9') {
				return -1;
			}
			value = value * 10 + (b - '0');
		}
		return value;
	}

}
