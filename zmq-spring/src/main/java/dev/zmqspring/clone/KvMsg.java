package dev.zmqspring.clone;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * One Clone message, the Guide's kvmsg (ch.5 "Working with Subtrees", "Ephemeral Values"; spec
 * 12/CLONE): five frames {@code [key][sequence][uuid][properties][body]}. The sequence is 8 bytes
 * big-endian, the uuid 16 bytes (or empty when unset), the properties {@code name=value\n} lines,
 * and an empty body means "delete the key". Immutable.
 *
 * @param key the key (UTF-8 on the wire)
 * @param sequence the server-assigned sequence, 0 for an update on its way to the server
 * @param uuid 16 bytes identifying the update, or an empty array
 * @param properties the properties, in wire order
 * @param body the value, empty for a delete
 */
public record KvMsg(String key, long sequence, byte[] uuid, Map<String, String> properties, byte[] body) {

	private static final byte[] NO_PROPERTIES = new byte[0];

	/** The number of frames of a kvmsg. */
	public static final int FRAMES = 5;

	/** The snapshot request command (client to server). */
	public static final String ICANHAZ = "ICANHAZ?";

	/** The key of the message that ends a snapshot; its sequence is the snapshot's. */
	public static final String KTHXBAI = "KTHXBAI";

	/** The key of the server's heartbeat. */
	public static final String HUGZ = "HUGZ";

	/**
	 * The property carrying the time to live: seconds from now in a client's update and in the
	 * update the server publishes (as the Guide's clonesrv5/clonesrv6); the absolute expiry in epoch
	 * milliseconds in a server's snapshot and log.
	 */
	public static final String TTL = "ttl";

	/** Compact constructor: keeps the properties in order, unmodifiable. */
	public KvMsg {
		properties = properties.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	/**
	 * A new update with a random uuid, as a client sends it.
	 * @param key the key
	 * @param body the value, empty to delete
	 * @param properties properties (e.g. {@link #TTL})
	 * @return the message with sequence 0
	 */
	public static KvMsg update(String key, byte[] body, Map<String, String> properties) {
		return new KvMsg(key, 0, uuidBytes(UUID.randomUUID()), properties, body);
	}

	/** Whether this message deletes its key (empty body). */
	public boolean isDelete() {
		return this.body.length == 0;
	}

	/**
	 * The same message with another sequence.
	 * @param seq the sequence
	 * @return the copy
	 */
	public KvMsg withSequence(long seq) {
		return new KvMsg(this.key, seq, this.uuid, this.properties, this.body);
	}

	/**
	 * The same message with one property set.
	 * @param name property name
	 * @param value property value
	 * @return the copy
	 */
	public KvMsg withProperty(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.properties);
		copy.put(name, value);
		return new KvMsg(this.key, this.sequence, this.uuid, copy, this.body);
	}

	/**
	 * A property.
	 * @param name its name
	 * @return its value or {@code null}
	 */
	public @Nullable String property(String name) {
		return this.properties.get(name);
	}

	/** The uuid as a map key (hex), empty when unset. */
	public String uuidText() {
		StringBuilder text = new StringBuilder(32);
		for (byte b : this.uuid) {
			text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
		}
		return text.toString();
	}

	/** The bytes of the message on the wire (for counters and size limits). */
	public long size() {
		long properties = this.properties.isEmpty() ? 0 : encodeProperties(this.properties).length;
		return this.key.length() + 8 + this.uuid.length + properties + this.body.length;
	}

	/**
	 * Sends the five frames, optionally after an envelope frame (a ROUTER peer identity).
	 * @param socket the socket
	 * @param envelope the identity frame or {@code null}
	 * @return whether every frame was queued
	 */
	public boolean send(ZMQ.Socket socket, byte @Nullable [] envelope) {
		boolean ok = true;
		if (envelope != null) {
			ok = socket.sendMore(envelope);
		}
		ok &= socket.sendMore(this.key.getBytes(StandardCharsets.UTF_8));
		ok &= socket.sendMore(sequenceBytes(this.sequence));
		ok &= socket.sendMore(this.uuid);
		ok &= socket.sendMore(encodeProperties(this.properties));
		ok &= socket.send(this.body, 0);
		return ok;
	}

	/**
	 * Decodes five frames; anything else (wrong frame count, a sequence that is not 8 bytes, a uuid
	 * that is neither empty nor 16 bytes, malformed properties) is refused.
	 * @param frames the frames, exactly {@link #FRAMES}
	 * @return the message or {@code null} when malformed
	 */
	public static @Nullable KvMsg decode(byte[][] frames) {
		if (frames.length != FRAMES || frames[1].length != 8 || (frames[2].length != 0 && frames[2].length != 16)) {
			return null;
		}
		Map<String, String> properties = decodeProperties(frames[3]);
		if (properties == null) {
			return null;
		}
		String key = new String(frames[0], StandardCharsets.UTF_8);
		return new KvMsg(key, ByteBuffer.wrap(frames[1]).getLong(), frames[2], properties, frames[4]);
	}

	/**
	 * Reads one whole message from the socket without blocking: every frame, however many.
	 * @param socket the socket
	 * @param limit the most frames kept (the rest are read and discarded, the count still reported)
	 * @return the frames, or {@code null} when nothing was waiting; more than {@code limit} frames
	 * are reported as an array of {@code limit + 1}
	 */
	public static byte @Nullable [][] receiveFrames(ZMQ.Socket socket, int limit) {
		byte[] first = socket.recv(ZMQ.DONTWAIT);
		if (first == null) {
			return null;
		}
		byte[][] frames = new byte[limit + 1][];
		frames[0] = first;
		int count = 1;
		while (socket.hasReceiveMore()) {
			byte[] frame = socket.recv(0);
			if (count <= limit) {
				frames[count] = frame;
			}
			count++;
		}
		return Arrays.copyOf(frames, Math.min(count, limit + 1));
	}

	/**
	 * The 8-byte big-endian form of a sequence.
	 * @param sequence the sequence
	 * @return 8 bytes
	 */
	public static byte[] sequenceBytes(long sequence) {
		return ByteBuffer.allocate(8).putLong(sequence).array();
	}

	static byte[] uuidBytes(UUID uuid) {
		return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
			.array();
	}

	static byte[] encodeProperties(Map<String, String> properties) {
		if (properties.isEmpty()) {
			return NO_PROPERTIES; // never written to: sent or stored as it is
		}
		StringBuilder text = new StringBuilder();
		properties.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	static @Nullable Map<String, String> decodeProperties(byte[] frame) {
		if (frame.length == 0) {
			return Map.of();
		}
		Map<String, String> properties = new LinkedHashMap<>();
		String text = new String(frame, StandardCharsets.UTF_8);
		for (String line : text.split("\n", -1)) {
			if (line.isEmpty()) {
				continue;
			}
			int eq = line.indexOf('=');
			if (eq <= 0) {
				return null;
			}
			properties.put(line.substring(0, eq), line.substring(eq + 1));
		}
		return properties;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof KvMsg that && this.key.equals(that.key) && this.sequence == that.sequence
				&& Arrays.equals(this.uuid, that.uuid) && this.properties.equals(that.properties)
				&& Arrays.equals(this.body, that.body);
	}

	@Override
	public int hashCode() {
		return this.key.hashCode() * 31 + Long.hashCode(this.sequence);
	}

	@Override
	public String toString() {
		return "KvMsg[" + this.key + " #" + this.sequence + (isDelete() ? " delete" : " " + this.body.length + "B")
				+ this.properties + "]";
	}

}
