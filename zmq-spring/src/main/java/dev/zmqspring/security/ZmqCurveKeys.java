package dev.zmqspring.security;

import org.zeromq.ZMQ;

import dev.zmqspring.support.ZmqSecurity;

/**
 * CURVE keys in their text form, Z85 (RFC 32): 40 characters for 32 bytes. Validates before decoding,
 * because JeroMQ's decoder accepts malformed text and returns a wrong key, which only shows as a
 * handshake that never completes.
 */
public final class ZmqCurveKeys {

	/** The length of a key in Z85. */
	public static final int Z85_LENGTH = 40;

	private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

	private ZmqCurveKeys() {
	}

	/**
	 * Decodes a Z85 key.
	 * @param z85 the key text
	 * @param source where the key came from (a property key or file), for the message
	 * @return the 32 key bytes
	 * @throws ZmqSecurityException naming the source if the text is not a Z85 key
	 */
	public static byte[] decode(String z85, String source) {
		return decode(z85, source, false);
	}

	/**
	 * Decodes a Z85 secret key: as {@link #decode(String, String)}, but no message shows a character
	 * of the key.
	 * @param z85 the key text
	 * @param source where the key came from (a property key or file), for the message
	 * @return the 32 key bytes
	 * @throws ZmqSecurityException naming the source and the position if the text is not a Z85 key
	 */
	public static byte[] decodeSecret(String z85, String source) {
		return decode(z85, source, true);
	}

	private static byte[] decode(String z85, String source, boolean secret) {
		String text = (z85 != null) ? z85.trim() : "";
		if (text.length() != Z85_LENGTH) {
			throw new ZmqSecurityException(source + ": a CURVE key in Z85 is " + Z85_LENGTH + " characters, not "
					+ text.length());
		}
		for (int group = 0; group < Z85_LENGTH; group += 5) {
			long value = 0;
			for (int i = group; i < group + 5; i++) {
				int digit = ALPHABET.indexOf(text.charAt(i));
				if (digit < 0) {
					String character = secret ? "the character" : "'" + text.charAt(i) + "'";
					throw new ZmqSecurityException(source + ": " + character + " at position " + (i + 1)
							+ " is not a Z85 character");
				}
				value = value * 85 + digit;
			}
			if (value > 0xFFFFFFFFL) {
				throw new ZmqSecurityException(source + ": characters " + (group + 1) + "-" + (group + 5)
						+ " are not a valid Z85 group");
			}
		}
		byte[] key = ZMQ.Curve.z85Decode(text);
		if (key == null || key.length != ZmqSecurity.KEY_SIZE) {
			throw new ZmqSecurityException(source + ": not a Z85 CURVE key");
		}
		return key;
	}

	/**
	 * Encodes a key as Z85.
	 * @param key the 32 key bytes
	 * @return the 40 characters
	 */
	public static String encode(byte[] key) {
		return ZMQ.Curve.z85Encode(key);
	}

	/**
	 * Whether the text is a Z85 key.
	 * @param z85 the text
	 * @return {@code true} if {@link #decode} accepts it
	 */
	public static boolean isValid(String z85) {
		try {
			decode(z85, "key");
			return true;
		}
		catch (ZmqSecurityException ex) {
			return false;
		}
	}

}
