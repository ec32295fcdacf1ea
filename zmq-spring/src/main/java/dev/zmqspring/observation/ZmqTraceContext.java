package dev.zmqspring.observation;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The trace context of one message, as a propagation carrier and as the optional trace-context frame
 * that carries it on the wire. Tracing fills it (W3C {@code traceparent}, {@code tracestate},
 * {@code baggage}) when a sending observation starts, and reads it when a receiving one starts.
 *
 * <h2>The trace-context frame</h2>
 * The frame is the <em>last</em> frame of the message, so routing envelopes (Guide ch.3), pub-sub
 * topic frames (ch.2) and MDP headers (ch.4) in front of the body are untouched, and every broker of
 * the Guide passes it on as one more body frame. It is:
 * <pre>
 *   00 5A 54 43 01          NUL, "ZTC", version 1
 *   name=value LF ...       UTF-8 lines, e.g. traceparent=00-&lt;trace id&gt;-&lt;span id&gt;-01
 * </pre>
 * A frame that starts with those five bytes is a trace-context frame; a listener that accepts trace
 * context removes it before the method sees the message. A peer that does not know the frame sees an
 * extra frame, which is why propagation is opt-in per endpoint.
 */
public final class ZmqTraceContext {

	/** The first bytes of a trace-context frame: NUL, {@code ZTC}, version 1. */
	public static final byte[] MAGIC = { 0, 'Z', 'T', 'C', 1 };

	/** The largest trace-context frame read; a longer one is removed but not read. */
	public static final int MAX_FRAME_SIZE = 8192;

	/** The most entries read from one frame. */
	public static final int MAX_ENTRIES = 16;

	private final Map<String, String> entries = new LinkedHashMap<>(4);

	/** An empty context (a carrier for a sender to fill). */
	public ZmqTraceContext() {
	}

	/**
	 * Sets an entry (the propagation setter).
	 * @param name the name, e.g. {@code traceparent}
	 * @param value the value
	 */
	public void put(String name, String value) {
		if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\n') >= 0) {
			return; // cannot be written as a line; tracing never produces such names or values
		}
		this.entries.put(name, value);
	}

	/**
	 * An entry (the propagation getter).
	 * @param name the name
	 * @return its value, or {@code null}
	 */
	public @Nullable String get(String name) {
		return this.entries.get(name);
	}

	/** Whether there is nothing to carry. */
	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	/** The entries, read-only. */
	public Map<String, String> entries() {
		return java.util.Collections.unmodifiableMap(this.entries);
	}

	/** This context as a trace-context frame. */
	public byte[] toFrame() {
		StringBuilder text = new StringBuilder(96);
		this.entries.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
		byte[] lines = text.toString().getBytes(StandardCharsets.UTF_8);
		byte[] frame = new byte[MAGIC.length + lines.length];
		System.arraycopy(MAGIC, 0, frame, 0, MAGIC.length);
		System.arraycopy(lines, 0, frame, MAGIC.length, lines.length);
		return frame;
	}

	/**
	 * Whether a frame is a trace-context frame (starts with {@link #MAGIC}).
	 * @param frame the frame
	 * @return whether it is one
	 */
	public static boolean isTraceFrame(byte[] frame) {
		if (frame.length < MAGIC.length) {
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
	 * Reads a trace-context frame. Lines without {@code =}, empty names, entries beyond
	 * {@link #MAX_ENTRIES} and frames over {@link #MAX_FRAME_SIZE} are ignored: a malformed frame
	 * gives an empty (or partial) context, never an exception.
	 * @param frame a frame for which {@link #isTraceFrame} is true
	 * @return the context
	 */
	public static ZmqTraceContext fromFrame(byte[] frame) {
		ZmqTraceContext context = new ZmqTraceContext();
		if (frame.length > MAX_FRAME_SIZE) {
			return context;
		}
		String text = new String(frame, MAGIC.length, frame.length - MAGIC.length, StandardCharsets.UTF_8);
		int start = 0;
		while (start < text.length() && context.entries.size() < MAX_ENTRIES) {
			int end = text.indexOf('\n', start);
			if (end < 0) {
				end = text.length();
			}
			int equals = text.indexOf('=', start);
			if (equals > start && equals < end) {
				context.entries.put(text.substring(start, equals), text.substring(equals + 1, end));
			}
			start = end + 1;
		}
		return context;
	}

	@Override
	public String toString() {
		return "ZmqTraceContext" + this.entries.keySet();
	}

}
