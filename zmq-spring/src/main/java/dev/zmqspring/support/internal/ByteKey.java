package dev.zmqspring.support.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import zmq.Msg;

/**
 * A hash key over bytes &mdash; a ROUTER routing identity (Guide ch.3 "The Extended Reply
 * Envelope") or a Majordomo service name (Guide ch.4 "Service-Oriented Reliable Queuing") &mdash; so
 * a broker can look peers and services up by the bytes of a frame without building a
 * {@code String} or a new key per message. A broker keeps one mutable <em>probe</em> per kind of
 * lookup: {@link #set(Msg)} and {@link #set(byte[])} copy the bytes into the probe's reusable buffer
 * (no allocation unless the bytes are larger than any before) and the map lookup compares contents;
 * map entries hold immutable keys made with {@link #of(byte[])} or {@link #copy()}. A probe belongs
 * to one thread.
 */
public final class ByteKey {

	private byte[] bytes;

	private int length;

	private int hash;

	/** A reusable probe with room for typical routing ids and service names. */
	public ByteKey() {
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
	public static ByteKey of(byte[] bytes) {
		return new ByteKey(bytes.clone());
	}

	/**
	 * Points this probe at a frame's bytes (copied into the reusable buffer).
	 * @param frame the frame
	 * @return this probe
	 */
	public ByteKey set(Msg frame) {
		int size = frame.size();
		ensureCapacity(size);
		frame.getBytes(0, this.bytes, 0, size);
		return filled(size);
	}

	/**
	 * Points this probe at some bytes (copied into the reusable buffer; {@code null} counts as
	 * empty).
	 * @param source the bytes
	 * @return this probe
	 */
	public ByteKey set(byte[] source) {
		int size = (source != null) ? source.length : 0;
		ensureCapacity(size);
		if (size > 0) {
			System.arraycopy(source, 0, this.bytes, 0, size);
		}
		return filled(size);
	}

	private void ensureCapacity(int size) {
		if (size > this.bytes.length) {
			this.bytes = new byte[Math.max(size, this.bytes.length * 2)];
		}
	}

	private ByteKey filled(int size) {
		this.length = size;
		this.hash = hash(this.bytes, size);
		return this;
	}

	/**
	 * An immutable copy of this key (for use as a map entry).
	 * @return the copy
	 */
	public ByteKey copy() {
		return new ByteKey(Arrays.copyOf(this.bytes, this.length));
	}

	/**
	 * The bytes of an immutable key, without copying (never modify them); a probe returns a copy.
	 * @return the bytes
	 */
	public byte[] bytes() {
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

	/** Printable form for logs and details: see {@link #describe(byte[], int)}. */
	@Override
	public String toString() {
		return describe(this.bytes, this.length);
	}

	/**
	 * Printable form of an identity or name: printable ASCII as text, anything else (such as
	 * libzmq's 5-byte generated ids) as {@code 0x<hex>}, nothing as {@code <empty>}.
	 * @param bytes the bytes
	 * @param length how many of them count
	 * @return the printable form
	 */
	public static String describe(byte[] bytes, int length) {
		if (bytes == null || length == 0) {
			return "<empty>";
		}
		boolean text = true;
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
