package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import zmq.Msg;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriber's topic index (issue 36): the longest subscribed prefix, as a linear scan over the
 * topics would find it, for byte arrays and JeroMQ frames alike.
 */
class ZmqTopicIndexTests {

	@Test
	void findsTheLongestSubscribedPrefix() {
		ZmqTopicIndex index = new ZmqTopicIndex(List.of("a", "abc", "b", "ab", "abc"));
		assertThat(name(index, "abcdef")).isEqualTo("abc");
		assertThat(name(index, "abx")).isEqualTo("ab");
		assertThat(name(index, "a")).isEqualTo("a");
		assertThat(name(index, "bz")).isEqualTo("b");
		assertThat(index.match(bytes("zz"))).isEqualTo(-1);
		assertThat(index.match(bytes(""))).isEqualTo(-1);
		assertThat(index.match(bytes("abc"))).as("a repeated topic keeps its first index").isEqualTo(1);
	}

	@Test
	void theEmptyPrefixMatchesEverything() {
		ZmqTopicIndex index = new ZmqTopicIndex(List.of("", "news"));
		assertThat(name(index, "weather")).isEmpty();
		assertThat(name(index, "news/today")).isEqualTo("news");
		assertThat(new ZmqTopicIndex(List.of()).isEmpty()).isTrue();
	}

	@Test
	void agreesWithALinearScanOnRandomTopics() {
		long seed = System.nanoTime();
		System.out.println("topic index seed " + seed);
		Random random = new Random(seed);
		List<String> topics = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			topics.add(randomText(random, 1 + random.nextInt(6)));
		}
		ZmqTopicIndex index = new ZmqTopicIndex(topics);
		for (int n = 0; n < 20_000; n++) {
			byte[] frame = bytes(randomText(random, random.nextInt(9)));
			int expected = linear(topics, frame);
			assertThat(index.match(frame)).as("frame %s, seed %d", new String(frame, StandardCharsets.UTF_8), seed)
				.isEqualTo(expected);
			assertThat(index.match(new Msg(frame))).isEqualTo(expected);
		}
	}

	/** The longest matching prefix, first declared among equals: what the index must return. */
	private static int linear(List<String> topics, byte[] frame) {
		int best = -1;
		int bestLength = -1;
		String text = new String(frame, StandardCharsets.ISO_8859_1);
		for (int i = 0; i < topics.size(); i++) {
			String topic = topics.get(i);
			if (text.startsWith(topic) && topic.length() > bestLength) {
				best = i;
				bestLength = topic.length();
			}
		}
		return best;
	}

	private static String randomText(Random random, int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append((char) ('a' + random.nextInt(3)));
		}
		return text.toString();
	}

	private static String name(ZmqTopicIndex index, String frame) {
		return index.name(index.match(bytes(frame)));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
