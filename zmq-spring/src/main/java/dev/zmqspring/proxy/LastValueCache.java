package dev.zmqspring.proxy;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.zmqspring.support.internal.ByteKey;

/**
 * The cache of a last-value-cache proxy (Guide ch.5 "Last Value Caching", lvcache): the last message
 * published on each topic (the first frame), at most {@code maxTopics} of them; when full, the topic
 * updated least recently is forgotten. Used on the proxy's actor thread only; the counters are read
 * by the management view.
 *
 * <p>Cost: an update is one hash lookup (and, for a topic not cached yet, one insertion into a
 * sorted index of the topics); a subscription to a prefix walks only the topics that start with it,
 * found in the sorted index, so a late joiner asking for one topic among 100,000 pays for one, as in
 * the Guide's lvcache; only the empty prefix walks them all.
 */
final class LastValueCache {

	private final int maxTopics;

	private final LinkedHashMap<ByteKey, byte[][]> values;

	/** The cached topics in unsigned byte order, for prefix subscriptions. */
	private final TreeMap<byte[], ByteKey> index = new TreeMap<>(Arrays::compareUnsigned);

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
		if (this.values.remove(key) != null) {
			this.values.put(ByteKey.of(frames[0]), frames); // now the most recently updated
			return;
		}
		if (this.values.size() >= this.maxTopics) {
			Iterator<ByteKey> eldest = this.values.keySet().iterator();
			this.index.remove(eldest.next().bytes());
			eldest.remove();
			this.evictions++;
		}
		ByteKey fresh = ByteKey.of(frames[0]);
		this.values.put(fresh, frames);
		this.index.put(fresh.bytes(), fresh);
		this.topics = this.values.size();
	}

	/**
	 * Hands every cached message whose topic starts with a subscription's prefix to {@code send}
	 * (an empty prefix subscribes to everything, least recently updated first; a prefix gets its
	 * topics in byte order).
	 * @param prefix the subscription
	 * @param send sends one message
	 */
	void replay(byte[] prefix, Consumer<byte[][]> send) {
		if (prefix.length == 0) {
			for (byte[][] message : this.values.values()) {
				send.accept(message);
				this.replays++;
			}
			return;
		}
		byte[] end = successor(prefix);
		SortedMap<byte[], ByteKey> matching = (end != null) ? this.index.subMap(prefix, end) : this.index.tailMap(prefix);
		for (ByteKey topic : matching.values()) {
			send.accept(this.values.get(topic));
			this.replays++;
		}
	}

	/**
	 * The smallest byte string greater than every string starting with {@code prefix}, or
	 * {@code null} if there is none (the prefix is all {@code 0xFF}).
	 */
	static byte[] successor(byte[] prefix) {
		for (int i = prefix.length - 1; i >= 0; i--) {
			if (prefix[i] != (byte) 0xFF) {
				byte[] end = Arrays.copyOf(prefix, i + 1);
				end[i]++;
				return end;
			}
		}
		return null;
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

}
