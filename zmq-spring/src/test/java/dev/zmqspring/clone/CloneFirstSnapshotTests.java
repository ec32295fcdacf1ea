package dev.zmqspring.clone;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.core.ZmqMessageConverter;
import dev.zmqspring.core.ZmqMessageConverters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A {@link ZmqCloneMap}'s first snapshot (Guide ch.5 clonecli: {@code ICANHAZ?} answered by every
 * key, then {@code KTHXBAI}) from a server played by hand: the map builds it aside and shows it whole,
 * reports its changes in the server's order (a key sent twice is two changes, the later last), drops
 * and counts a value that does not convert; its view stays read-only and live. A snapshot into a
 * map that has values (after a failover) changes only the values that differ, compared with
 * {@code equals}.
 */
class CloneFirstSnapshotTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final CloneTestSupport support = new CloneTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void theFirstSnapshotAppearsWholeAndIsReportedInTheServersOrder() {
		try (Server server = new Server()) {
			ZmqCloneMap<String> map = new ZmqCloneMap<>("first", this.support.factory, List.of(server.endpoints()), "",
					String.class, failingOn("bad"), Duration.ofSeconds(30), Duration.ofSeconds(5), null);
			Map<String, String> view = map.asMap();
			Set<String> keysTakenEarly = view.keySet();
			List<String> seen = new CopyOnWriteArrayList<>();
			map.addListener((event) -> seen.add(event.getKey() + ":" + event.getOldValue() + "->" + event.getValue()
					+ " (map of " + view.size() + ", sequence " + event.getSequence() + ")"));
			this.support.start(map);
			byte[] identity = server.awaitIcanhaz();
			server.entry(identity, "a", 1, "one");
			server.entry(identity, "b", 2, "two");
			server.entry(identity, "x", 3, "bad");
			server.entry(identity, "a", 4, "three");
			server.end(identity, 9);
			assertThat(map.awaitSnapshot(WAIT)).isTrue();

			assertThat(view).isEqualTo(Map.of("a", "three", "b", "two"));
			assertThat(map.get("a")).isEqualTo("three");
			assertThat(seen).containsExactly("a:null->one (map of 2, sequence 9)", "b:null->two (map of 2, sequence 9)",
					"a:one->three (map of 2, sequence 9)");
			assertThat(map.getCounters().getDropped()).as("the value that does not convert").isEqualTo(1);
			assertThat(keysTakenEarly).as("taken from the empty map").isEmpty();
			assertThat(view.keySet()).containsExactlyInAnyOrder("a", "b");
			assertThat(view.values()).containsExactlyInAnyOrder("three", "two");
			assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> view.put("c", "four"));
			assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> view.remove("a"));
			assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(view.keySet()::clear);

			server.update("c", 10, "ten");
			await().atMost(WAIT).until(() -> map.getLastSequence() == 10);
			assertThat(view).isEqualTo(Map.of("a", "three", "b", "two", "c", "ten"));
			assertThat(seen).last().isEqualTo("c:null->ten (map of 3, sequence 10)");
		}
	}

	@Test
	void aSnapshotAfterAFailoverChangesOnlyTheValuesThatDiffer() {
		try (Server first = new Server(); Server second = new Server()) {
			ZmqCloneMap<String> map = new ZmqCloneMap<>("failover", this.support.factory,
					List.of(first.endpoints(), second.endpoints()), "", String.class, ZmqMessageConverters.defaults(),
					Duration.ofMillis(500), Duration.ofSeconds(5), null);
			List<String> seen = new CopyOnWriteArrayList<>();
			map.addListener((event) -> seen.add(event.getKey() + ":" + event.getOldValue() + "->" + event.getValue()));
			this.support.start(map);
			byte[] identity = first.awaitIcanhaz();
			first.entry(identity, "same", 1, "kept");
			first.entry(identity, "changed", 2, "before");
			first.entry(identity, "gone", 3, "deleted");
			first.end(identity, 3);
			assertThat(map.awaitSnapshot(WAIT)).isTrue();
			seen.clear();

			// the first server stays silent (no HUGZ): the map fails over and asks the second
			identity = second.awaitIcanhaz();
			second.entry(identity, "same", 4, "kept");
			second.entry(identity, "changed", 5, "after");
			second.entry(identity, "new", 6, "added");
			second.end(identity, 6);
			await().atMost(WAIT).until(() -> map.getLastSequence() == 6);

			assertThat(map.asMap()).isEqualTo(Map.of("same", "kept", "changed", "after", "new", "added"));
			assertThat(seen).containsExactly("gone:deleted->null", "changed:before->after", "new:null->added");
		}
	}

	/** A converter of strings that refuses one body, as a JSON converter refuses a broken document. */
	private static ZmqMessageConverters failingOn(String refused) {
		return new ZmqMessageConverters(List.of(new ZmqMessageConverter() {

			@Override
			public boolean supports(Class<?> type) {
				return type == String.class;
			}

			@Override
			public byte[] toFrame(Object payload) {
				return ((String) payload).getBytes(StandardCharsets.UTF_8);
			}

			@Override
			public Object fromFrame(byte[] frame, Type targetType) {
				String text = new String(frame, StandardCharsets.UTF_8);
				if (text.equals(refused)) {
					throw new IllegalArgumentException("refused: " + text);
				}
				return text;
			}

		}));
	}

	/** A Clone server played by hand: snapshot ROUTER, publisher XPUB, collector SUB. */
	private final class Server implements AutoCloseable {

		private final ZMQ.Socket router = CloneFirstSnapshotTests.this.support.context.createSocket(SocketType.ROUTER);

		private final ZMQ.Socket publisher = CloneFirstSnapshotTests.this.support.context.createSocket(SocketType.XPUB);

		private final ZMQ.Socket collector = CloneFirstSnapshotTests.this.support.context.createSocket(SocketType.SUB);

		Server() {
			this.router.bind("tcp://127.0.0.1:*");
			this.publisher.bind("tcp://127.0.0.1:*");
			this.collector.bind("tcp://127.0.0.1:*");
			this.router.setReceiveTimeOut((int) WAIT.toMillis());
			this.publisher.setReceiveTimeOut((int) WAIT.toMillis());
		}

		CloneEndpoints endpoints() {
			return new CloneEndpoints(this.router.getLastEndpoint(), this.publisher.getLastEndpoint(),
					this.collector.getLastEndpoint());
		}

		byte[] awaitIcanhaz() {
			assertThat(this.publisher.recv(0)).as("the map's subscription").isNotNull();
			byte[] identity = this.router.recv(0);
			assertThat(identity).as("the snapshot request").isNotNull();
			assertThat(this.router.recvStr(0)).isEqualTo(KvMsg.ICANHAZ);
			this.router.recv(0);
			return identity;
		}

		void entry(byte[] identity, String key, long sequence, String value) {
			new KvMsg(key, sequence, new byte[0], Map.of(), value.getBytes(StandardCharsets.UTF_8)).send(this.router,
					identity);
		}

		void end(byte[] identity, long sequence) {
			new KvMsg(KvMsg.KTHXBAI, sequence, new byte[0], Map.of(), new byte[0]).send(this.router, identity);
		}

		void update(String key, long sequence, String value) {
			new KvMsg(key, sequence, new byte[0], Map.of(), value.getBytes(StandardCharsets.UTF_8))
				.send(this.publisher, null);
		}

		@Override
		public void close() {
			this.router.close();
			this.publisher.close();
			this.collector.close();
		}

	}

}
