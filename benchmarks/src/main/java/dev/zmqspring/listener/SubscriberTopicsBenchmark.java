package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 36: what a {@code @ZmqSubscriber} pays per single-frame message to name the topic it matched
 * ({@code @ZmqTopic}, and the shard of a "black box" subscriber), with 1 to 10,000 subscribed topics.
 * {@code envelope} is the listener's own envelope split (the topic index); {@code linearScan} is the
 * scan over every prefix, longest first, that the listener used before, kept here as the baseline.
 * JeroMQ's own SUB filtering is a trie and the rest of the listener's path does not depend on the
 * number of topics. Messages are "sensor/NNNNN:payload" for a topic chosen round-robin.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SubscriberTopicsBenchmark {

	@Param({ "1", "100", "1000", "10000" })
	public int topics;

	private ZmqEnvelope envelope;

	private byte[][] prefixes;

	private String[] names;

	private byte[][] frames;

	private ZmqInboundMessage message;

	private int next;

	@Setup
	public void setUp() {
		List<String> subscribed = new ArrayList<>();
		for (int i = 0; i < this.topics; i++) {
			subscribed.add(String.format("sensor/%05d", i));
		}
		this.envelope = ZmqEnvelope.topics(subscribed);
		List<String> sorted = subscribed.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
		this.prefixes = sorted.stream().map((topic) -> topic.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
		this.names = sorted.toArray(String[]::new);
		this.frames = new byte[Math.min(this.topics, 1024)][];
		for (int i = 0; i < this.frames.length; i++) {
			this.frames[i] = (subscribed.get((int) ((long) i * this.topics / this.frames.length)) + ":payload")
				.getBytes(StandardCharsets.UTF_8);
		}
		this.message = new ZmqInboundMessage();
	}

	private byte[] nextFrame() {
		int i = this.next;
		this.next = (i + 1 == this.frames.length) ? 0 : i + 1;
		return this.frames[i];
	}

	@Benchmark
	public String envelope() {
		ZmqInboundMessage message = this.message;
		message.reset();
		message.add(nextFrame());
		this.envelope.split(message);
		return message.matchedTopic;
	}

	@Benchmark
	public String linearScan() {
		byte[] frame = nextFrame();
		for (int i = 0; i < this.prefixes.length; i++) {
			byte[] prefix = this.prefixes[i];
			if (startsWith(frame, prefix)) {
				return this.names[i];
			}
		}
		return "";
	}

	private static boolean startsWith(byte[] frame, byte[] prefix) {
		if (frame.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (frame[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}
