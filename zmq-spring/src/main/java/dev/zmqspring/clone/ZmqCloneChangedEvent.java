package dev.zmqspring.clone;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;

/**
 * A key of a {@link ZmqCloneMap} changed (Guide ch.5): it was added, updated, or deleted (then
 * {@link #getValue()} is {@code null}). Published on the map's actor thread, in sequence order.
 */
public class ZmqCloneChangedEvent extends ApplicationEvent {

	private final String mapName;

	private final String key;

	private final transient @Nullable Object oldValue;

	private final transient @Nullable Object value;

	private final long sequence;

	/**
	 * Creates the event.
	 * @param source the map
	 * @param key the key
	 * @param oldValue the value before, {@code null} if absent
	 * @param value the value now, {@code null} if deleted
	 * @param sequence the server's sequence of the change (a snapshot's for changes found in one)
	 */
	public ZmqCloneChangedEvent(ZmqCloneMap<?> source, String key, @Nullable Object oldValue, @Nullable Object value,
			long sequence) {
		super(source);
		this.mapName = source.getName();
		this.key = key;
		this.oldValue = oldValue;
		this.value = value;
		this.sequence = sequence;
	}

	/** The name of the map ({@code zmq.clone.clients.<name>}). */
	public String getMapName() {
		return this.mapName;
	}

	/** The key that changed. */
	public String getKey() {
		return this.key;
	}

	/** The value before the change, {@code null} if the key was absent. */
	public @Nullable Object getOldValue() {
		return this.oldValue;
	}

	/** The value after the change, {@code null} if the key was deleted. */
	public @Nullable Object getValue() {
		return this.value;
	}

	/** Whether the key was deleted. */
	public boolean isDelete() {
		return this.value == null;
	}

	/** The server sequence of the change. */
	public long getSequence() {
		return this.sequence;
	}

	@Override
	public String toString() {
		return "ZmqCloneChangedEvent[" + this.mapName + " " + this.key + " #" + this.sequence + "]";
	}

}
