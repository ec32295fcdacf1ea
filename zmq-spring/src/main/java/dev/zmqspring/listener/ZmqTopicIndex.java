package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import zmq.Msg;

/**
 * The subscriptions of a subscriber as a byte trie (Guide ch.2 "Pub-Sub Message Envelopes": a SUB
 * matches a message whose first frame <em>starts with</em> a subscribed prefix): finds the longest
 * subscribed prefix a single-frame message starts with in time bounded by the longest prefix, not by
 * the number of topics. Used to name the topic of a single-frame message ({@code @ZmqTopic}) and to
 * shard one topic to one handler thread (the "black box" subscriber of ch.5).
 *
 * <p>Immutable after construction; any thread may read it.
 */
final class ZmqTopicIndex {

	private final Node root;

	private final String[] names;

	/**
	 * Indexes the topics.
	 * @param topics the subscribed prefixes in declared order (a repeated one keeps its first index)
	 */
	ZmqTopicIndex(List<String> topics) {
		this.names = topics.toArray(String[]::new);
		Builder root = new Builder();
		for (int i = 0; i < this.names.length; i++) {
			Builder node = root;
			for (byte b : this.names[i].getBytes(StandardCharsets.UTF_8)) {
				node = node.children.computeIfAbsent(b, (key) -> new Builder());
			}
			if (node.index < 0) {
				node.index = i;
			}
		}
		this.root = root.build();
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
		Node node = this.root;
		int found = node.index;
		for (int i = 0; i < frame.length && node.keys.length > 0; i++) {
			node = node.child(frame[i]);
			if (node == null) {
				break;
			}
			if (node.index >= 0) {
				found = node.index;
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
		Node node = this.root;
		int found = node.index;
		int size = frame.size();
		for (int i = 0; i < size && node.keys.length > 0; i++) {
			node = node.child(frame.get(i));
			if (node == null) {
				break;
			}
			if (node.index >= 0) {
				found = node.index;
			}
		}
		return found;
	}

	/** A frozen trie node: its children's bytes sorted, for a binary search. */
	private static final class Node {

		private final byte[] keys;

		private final Node[] children;

		private final int index;

		Node(byte[] keys, Node[] children, int index) {
			this.keys = keys;
			this.children = children;
			this.index = index;
		}

		Node child(byte key) {
			byte[] keys = this.keys;
			if (keys.length == 1) {
				return (keys[0] == key) ? this.children[0] : null;
			}
			int low = 0;
			int high = keys.length - 1;
			while (low <= high) {
				int mid = (low + high) >>> 1;
				byte probe = keys[mid];
				if (probe < key) {
					low = mid + 1;
				}
				else if (probe > key) {
					high = mid - 1;
				}
				else {
					return this.children[mid];
				}
			}
			return null;
		}

	}

	/** A trie node while the index is built. */
	private static final class Builder {

		private final Map<Byte, Builder> children = new TreeMap<>();

		private int index = -1;

		Node build() {
			byte[] keys = new byte[this.children.size()];
			Node[] nodes = new Node[keys.length];
			int i = 0;
			for (Map.Entry<Byte, Builder> child : this.children.entrySet()) {
				keys[i] = child.getKey();
				nodes[i] = child.getValue().build();
				i++;
			}
			return new Node(keys, nodes, this.index);
		}

	}

}
