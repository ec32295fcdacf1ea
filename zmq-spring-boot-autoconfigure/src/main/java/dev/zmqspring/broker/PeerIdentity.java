package dev.zmqspring.broker;

import java.util.Arrays;

/**
 * A ROUTER routing identity usable as a hash key (Guide ch.3 "The Extended Reply Envelope"). One
 * instance per broker serves as a reusable probe, so looking a peer up per message allocates
 * nothing.
 */
final class PeerIdentity {

	private byte[] bytes;

	private int hash;

	PeerIdentity(byte[] bytes) {
		set(bytes);
	}

	PeerIdentity set(byte[] bytes) {
		this.bytes = bytes;
		this.hash = Arrays.hashCode(bytes);
		return this;
	}

	byte[] bytes() {
		return this.bytes;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof PeerIdentity that && Arrays.equals(this.bytes, that.bytes);
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	@Override
	public String toString() {
		return describe(this.bytes);
	}

	/** Printable ASCII as text, anything else (libzmq's 5-byte ids) as 0x-hex. */
	static String describe(byte[] bytes) {
		if (bytes == null || bytes.length == 0) {
			return "<empty>";
		}
		boolean printable = true;
		for (byte b : bytes) {
			printable &= (b >= 0x20 && b < 0x7f);
		}
		if (printable) {
			return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
		}
		StringBuilder hex = new StringBuilder("0x");
		for (int i = 0; i < Math.min(bytes.length, 32); i++) {
			hex.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
		}
		return hex.toString();
	}

}
