package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import zmq.Msg;

/**
 * The subscriptions of a subscriber as a hash table of prefixes (Guide ch.2 "Pub-Sub Message
 * Envelopes": a SUB matches a message whose first frame <em>starts with</em> a subscribed prefix):
 * finds the longest subscribed prefix a single-frame message starts with, in time that does not depend
 * on the number of topics. Used to name the topic of a single-frame message ({@code @ZmqTopic}) and to
 * shard one topic to one handler thread (the "black box" subscriber of ch.5).
 *
 * <p>How: one pass over the frame's first bytes computes the hash of each prefix length; at every
 * length some topic has, one probe of an open-addressing table, confirmed by comparing the bytes. The
 * cost is the length of the longest topic plus one probe per distinct topic length (one for the usual
 * fixed-width topics), measured flat from 1 to 10,000 topics (BENCHMARKS.md).
 *
 * <p>Immutable after construction; any thread may read it.
 */
final class ZmqTopicIndex {

	private final String[] names;

	private final byte[][] bytes;

	/** For every length 0..longest: whether some topic has it. */
	private final boolean[] lengths;

	/** Open addressing: slot -> topic index + 1 (0 = empty). */
	private final int[] slots;

	private final int[] hashes;

	private final int mask;

	/** The index of the empty topic (subscribed to everything), -1 if none. */
	private final int everything;

	/**
	 * Indexes the topics.
	 * @param topics the subscribed prefixes in declared order (a repeated one keeps its first index)
	 */
	ZmqTopicIndex(List<String> topics) {
		this.names = topics.toArray(String[]::new);
		this.bytes = new byte[this.names.length][];
		int longest = 0;
		for (int i = 0; i < this.names.length; i++) {
			this.bytes[i] = this.names[i].getBytes(StandardCharsets.UTF_8);
			longest = Math.max(longest, this.bytes[i].length);
		}
		this.lengths = new boolean[longest + 1];
		int capacity = Integer.highestOneBit(Math.max(4, this.names.length * 2) - 1) << 1;
		this.slots = new int[capacity];
		this.hashes = new int[capacity];
		this.mask = capacity - 1;
		int empty = -1;
		for (int i = 0; i < this.names.length; i++) {
			byte[] topic = this.bytes[i];
			if (topic.length == 0) {
				empty = (empty < 0) ? i : empty;
				continue;
			}
			this.lengths[topic.length] = true;
			int hash = hash(topic, topic.length);
			int slot = spread(hash) & this.mask;
			while (this.slots[slot] != 0) {
				int other = this.slots[slot] - 1;
				if (this.hashes[slot] == hash && Arrays.equals(this.bytes[other], topic)) {
					break; // a repeated topic keeps its first index
				}
				slot = (slot + 1) & this.mask;
			}
			if (this.slots[slot] == 0) {
				this.slots[slot] = i + 1;
				this.hashes[slot] = hash;
			}
		}
		this.everything = empty;
	}

	/** Whether no topic is indexed. */
	boolean isEmpty() {
		return this.names.length == 0;
	}

	/**
	 * The topic at an index.
	 * @param index an index returned by {@code match}
	 * @return the topic as declared
	 */
	String name(int index) {
		return this.names[index];
	}

	/**
	 * The longest subscribed prefix the frame starts with.
	 * @param frame the frame
	 * @return the index of that prefix in declared order, {@code -1} if none
	 */
	int match(byte[] frame) {
		int found = this.everything;
		int end = Math.min(frame.length, this.lengths.length - 1);
		int hash = 1;
		for (int length = 1; length <= end; length++) {
			hash = 31 * hash + frame[length - 1];
			if (this.lengths[length]) {
				int index = probe(hash, frame, null, length);
				if (index >= 0) {
					found = index;
				}
			}
		}
		return found;
	}

	/**
	 * The longest subscribed prefix the frame starts with.
	 * @param frame the frame
	 * @return the index of that prefix in declared order, {@code -1} if none
	 */
	int match(Msg frame) {
		int found = this.everything;
		int end = Math.min(frame.size(), this.lengths.length - 1);
		int hash = 1;
		for (int length = 1; length <= end; length++) {
			hash = 31 * hash + frame.get(length - 1);
			if (this.lengths[length]) {
				int index = probe(hash, null, frame, length);
				if (index >= 0) {
					found = index;
				}
			}
		}
		return found;
	}

	/** The topic equal to the frame's first {@code length} bytes, -1 if none. */
	private int probe(int hash, byte[] array, Msg msg, int length) {
		int slot = spread(hash) & this.mask;
		int entry;
		while ((entry = this.slots[slot]) != 0) {
			if (this.hashes[slot] == hash) {
				byte[] topic = this.bytes[entry - 1];
				if (topic.length == length && sameStart(topic, array, msg)) {
					return entry - 1;
				}
			}
			slot = (slot + 1) & this.mask;
		}
		return -1;
	}

	private static boolean sameStart(byte[] topic, byte[] array, Msg msg) {
		if (array != null) {
			return Arrays.equals(topic, 0, topic.length, array, 0, topic.length);
		}
		for (int i = 0; i < topic.length; i++) {
			if (msg.get(i) != topic[i]) {
				return false;
			}
		}
		return true;
	}

	private static int hash(byte[] bytes, int length) {
		int hash = 1;
		for (int i = 0; i < length; i++) {
			hash = 31 * hash + bytes[i];
		}
		return hash;
	}

	private static int spread(int hash) {
		return hash ^ (hash >>> 16);
	}

}
