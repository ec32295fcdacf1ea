package dev.zmqspring.clone;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.zmqspring.core.ZmqMessageConverters;

import static dev.zmqspring.support.LoopbackPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Clone map's failover (Guide ch.5 "Clone Server Reliability", clonecli6) is published as a
 * {@link ZmqCloneFailoverEvent}: a map whose first server never answers moves to the second within
 * its server timeout and says so, naming both servers, so an application need not poll
 * {@code getFailovers()}.
 */
class CloneFailoverEventTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final CloneTestSupport support = new CloneTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void aFailoverIsPublishedNamingTheSilentServerAndTheNextOne() {
		CloneServer live = this.support.server("live");
		CloneEndpoints silent = new CloneEndpoints("tcp://127.0.0.1:" + freePort(),
				"tcp://127.0.0.1:" + freePort(), "tcp://127.0.0.1:" + freePort());
		CloneEndpoints second = CloneTestSupport.endpoints(live);
		List<Object> events = new CopyOnWriteArrayList<>();
		ZmqCloneMap<String> map = this.support.start(new ZmqCloneMap<>("watched", this.support.factory,
				List.of(silent, second), "", String.class, ZmqMessageConverters.defaults(),
				CloneTestSupport.SERVER_TIMEOUT, Duration.ofSeconds(5), events::add));
		assertThat(map.awaitSnapshot(WAIT)).isTrue();
		// the event came before the snapshot of the second server
		map.set("k", "v");
		await().atMost(WAIT).until(() -> "v".equals(map.get("k")));
		List<ZmqCloneFailoverEvent> failovers = events.stream()
			.filter(ZmqCloneFailoverEvent.class::isInstance)
			.map(ZmqCloneFailoverEvent.class::cast)
			.toList();
		assertThat(failovers).hasSize(1);
		ZmqCloneFailoverEvent event = failovers.get(0);
		assertThat(event.getMapName()).isEqualTo("watched");
		assertThat(event.getFromServer()).isEqualTo(silent.snapshot());
		assertThat(event.getToServer()).isEqualTo(second.snapshot());
		assertThat(event.getFailovers()).isEqualTo(1).isEqualTo(map.getFailovers());
		assertThat(event.getSource()).isSameAs(map);
	}

}
