package dev.zmqspring.proxy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.zmqspring.support.internal.ByteKey;

/**
 * The cache of a last-value-cache proxy (Guide ch.5 "Last Value Caching", lvcache): the last message
 * published on each topic (the first frame), at most {@code maxTopics} of them; when full, the topic
 * updated least recently is forgotten. Used on the proxy's actor thread only; the counters are read
 * by the management view.
 */
final class LastValueCache {

	private final int maxTopics;

	private final LinkedHashMap<ByteKey, byte[][]> values;

	private final ByteKey probe = new ByteKey();

	private volatile int topics;

	private volatile long evictions;

	private volatile long replays;

	private volatile long refused;

	LastValueCache(int maxTopics) {
		if (maxTopics < 1) {
			throw new IllegalArgumentException("maxTopics must be at least 1 but was " + maxTopics);
		}
		this.maxTopics = maxTopics;
		this.values = new LinkedHashMap<>(Math.min(maxTopics, 1024) * 2);
	}

	/**
	 * Keeps a message as its topic's last value.
	 * @param frames the message, its first frame the topic
	 */
	void update(byte[][] frames) {
		ByteKey key = this.probe.set(frames[0]);
		if (this.values.remove(key) == null && this.values.size() >= this.maxTopics) {
			Iterator<ByteKey> eldest = this.values.keySet().iterator();
			eldest.next();
			eldest.remove();
			this.evictions++;
		}
		this.values.put(ByteKey.of(frames[0]), frames);
		this.topics = this.values.size();
	}

	/**
	 * Hands every cached message whose topic starts with a subscription's prefix to {@code send}
	 * (an empty prefix subscribes to everything).
	 * @param prefix the subscription
	 * @param send sends one message
	 */
	void replay(byte[] prefix, Consumer<byte[][]> send) {
		for (Map.Entry<ByteKey, byte[][]> entry : this.values.entrySet()) {
			if (startsWith(entry.getKey().bytes(), prefix)) {
				send.accept(entry.getValue());
				this.replays++;
			}
		}
	}

	/** Counts a message from a subscriber that was neither a subscription nor an unsubscription. */
	void refused() {
		this.refused++;
	}

	int topics() {
		return this.topics;
	}

	long evictions() {
		return this.evictions;
	}

	long replays() {
		return this.replays;
	}

	long refusedMessages() {
		return this.refused;
	}

	private static boolean startsWith(byte[] topic, byte[] prefix) {
		if (prefix.length > topic.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (topic[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}
