package dev.zmqspring.proxy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last value cache's topic index (Guide ch.5 lvcache): a subscription to a prefix gets exactly
 * the cached topics that start with it, in byte order, found without walking the others; the empty
 * prefix gets everything, least recently updated first; an evicted topic leaves the index too.
 */
class LastValueCacheIndexTests {

	private static byte[][] message(String topic, String value) {
		return new byte[][] { topic.getBytes(StandardCharsets.ISO_8859_1), value.getBytes(StandardCharsets.ISO_8859_1) };
	}

	private static List<String> replay(LastValueCache cache, String prefix) {
		List<String> sent = new ArrayList<>();
		cache.replay(prefix.getBytes(StandardCharsets.ISO_8859_1), (frames) -> sent.add(
				new String(frames[0], StandardCharsets.ISO_8859_1) + "=" + new String(frames[1], StandardCharsets.ISO_8859_1)));
		return sent;
	}

	@Test
	void aPrefixGetsItsTopicsInByteOrderAndNothingElse() {
		LastValueCache cache = new LastValueCache(100);
		cache.update(message("topic-2", "a"));
		cache.update(message("topic-10", "b"));
		cache.update(message("topic-1", "c"));
		cache.update(message("topic", "d"));
		cache.update(message("other", "e"));
		cache.update(message("topic-1", "f")); // a newer value of a cached topic
		assertThat(replay(cache, "topic-1")).containsExactly("topic-1=f", "topic-10=b");
		assertThat(replay(cache, "topic")).containsExactly("topic=d", "topic-1=f", "topic-10=b", "topic-2=a");
		assertThat(replay(cache, "topic-10")).containsExactly("topic-10=b");
		assertThat(replay(cache, "topic-3")).isEmpty();
		assertThat(replay(cache, "")).as("everything, least recently updated first")
			.containsExactly("topic-2=a", "topic-10=b", "topic=d", "other=e", "topic-1=f");
		assertThat(cache.topics()).isEqualTo(5);
		assertThat(cache.replays()).isEqualTo(12);
	}

	@Test
	void prefixesEndingInFfBytesAreMatchedWithoutAnUpperBound() {
		LastValueCache cache = new LastValueCache(100);
		cache.update(message("a\u00ff", "1"));
		cache.update(message("a\u00ff\u00ff", "2"));
		cache.update(message("b", "3"));
		cache.update(message("\u00ff\u00ffz", "4"));
		assertThat(replay(cache, "a\u00ff")).containsExactly("a\u00ff=1", "a\u00ff\u00ff=2");
		assertThat(replay(cache, "\u00ff\u00ff")).containsExactly("\u00ff\u00ffz=4");
		assertThat(LastValueCache.successor(new byte[] { 'a', (byte) 0xFF })).containsExactly('b');
		assertThat(LastValueCache.successor(new byte[] { (byte) 0xFF })).isNull();
	}

	@Test
	void anEvictedTopicIsNoLongerReplayedByAPrefix() {
		LastValueCache cache = new LastValueCache(2);
		cache.update(message("t1", "a"));
		cache.update(message("t2", "b"));
		cache.update(message("t1", "c")); // t2 is now the least recently updated
		cache.update(message("t3", "d"));
		assertThat(cache.evictions()).isEqualTo(1);
		assertThat(replay(cache, "t")).containsExactly("t1=c", "t3=d");
		assertThat(replay(cache, "t2")).isEmpty();
	}

	@Test
	void oneTopicAmongAHundredThousandIsReplayedAlone() {
		LastValueCache cache = new LastValueCache(100_000);
		for (int i = 0; i < 100_000; i++) {
			cache.update(message(String.format("topic/%06d", i), "v" + i));
		}
		assertThat(replay(cache, "topic/054321")).containsExactly("topic/054321=v54321");
		assertThat(replay(cache, "topic/09999")).hasSize(10);
		assertThat(cache.replays()).isEqualTo(11);
	}

}
