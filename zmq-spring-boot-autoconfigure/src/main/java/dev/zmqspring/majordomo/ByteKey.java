package dev.zmqspring.majordomo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import zmq.Msg;

/**
 * A hash key over bytes, so the broker can look services and workers up by the bytes of a frame
 * without building a {@code String} or a new key per message (the Guide's Java broker allocates
 * both). A broker keeps one mutable <em>probe</em> key per kind: {@link #set(Msg)} copies the frame
 * into the probe's reusable buffer and the map lookup compares contents; map entries hold immutable
 * keys made with {@link #copy()}.
 */
final class ByteKey {

	private byte[] bytes;

	private int length;

	private int hash;

	/** A reusable probe with room for typical routing ids and service names. */
	ByteKey() {
		this.bytes = new byte[64];
	}

	private ByteKey(byte[] bytes) {
		this.bytes = bytes;
		this.length = bytes.length;
		this.hash = hash(bytes, bytes.length);
	}

	/**
	 * Makes an immutable key from a copy of the bytes.
	 * @param bytes the bytes
	 * @return the key
	 */
	static ByteKey of(byte[] bytes) {
		return new ByteKey(bytes.clone());
	}

	/**
	 * Points this probe at a frame's bytes (copied into the reusable buffer, no allocation unless the
	 * frame is larger than any before).
	 * @param frame the frame
	 * @return this probe
	 */
	ByteKey set(Msg frame) {
		int size = frame.size();
		if (size > this.bytes.length) {
			this.bytes = new byte[Math.max(size, this.bytes.length * 2)];
		}
		frame.getBytes(0, this.bytes, 0, size);
		this.length = size;
		this.hash = hash(this.bytes, size);
		return this;
	}

	/** An immutable copy of this key (for use as a map entry). */
	ByteKey copy() {
		return new ByteKey(Arrays.copyOf(this.bytes, this.length));
	}

	/** The bytes of an immutable key (never modify them). */
	byte[] bytes() {
		return (this.bytes.length == this.length) ? this.bytes : Arrays.copyOf(this.bytes, this.length);
	}

	private static int hash(byte[] bytes, int length) {
		int h = 1;
		for (int i = 0; i < length; i++) {
			h = 31 * h + bytes[i];
		}
		return h;
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof ByteKey key) || key.length != this.length || key.hash != this.hash) {
			return false;
		}
		return Arrays.equals(this.bytes, 0, this.length, key.bytes, 0, key.length);
	}

	/** Printable form for logs and details: text if printable ASCII, otherwise {@code 0x<hex>}. */
	@Override
	public String toString() {
		return printable(this.bytes, this.length);
	}

	static String printable(byte[] bytes, int length) {
		boolean text = length > 0;
		for (int i = 0; i < length && text; i++) {
			text = bytes[i] >= 0x20 && bytes[i] < 0x7f;
		}
		if (text) {
			return new String(bytes, 0, length, StandardCharsets.US_ASCII);
		}
		StringBuilder hex = new StringBuilder("0x");
		for (int i = 0; i < length; i++) {
			hex.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
		}
		return hex.toString();
	}

}
