package dev.zmqspring.majordomo.titanic;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMsg;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqMajordomoAutoConfiguration;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoClient;
import dev.zmqspring.support.ZmqSocketFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Titanic (spec 9/TSP) on a real, full disk (a 64 KiB tmpfs): a request that cannot be stored is
 * refused, never acknowledged, and a failed write leaves no temporary file behind.
 */
class TitanicFullDiskTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path parent;

	private static ApplicationContextRunner runner(Path directory) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class))
			.withPropertyValues("zmq.linger=0", "zmq.brokers.main.type=majordomo",
					"zmq.brokers.main.endpoint=tcp://127.0.0.1:*", "zmq.brokers.main.heartbeat-interval=500ms",
					"zmq.brokers.main.titanic.enabled=true", "zmq.brokers.main.titanic.directory=" + directory);
	}

	private static MajordomoClient client(ApplicationContext context) {
		MajordomoBroker broker = context.getBean(MajordomoBroker.class);
		return new MajordomoClient(context.getBean(ZmqSocketFactory.class), context.getBean(ZmqMessageConverters.class),
				broker.getEndpoints().get(0), Duration.ofSeconds(5), 2, 4, -1);
	}

	private static ZMsg frames(String... texts) {
		ZMsg msg = new ZMsg();
		for (String text : texts) {
			msg.add(text);
		}
		return msg;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> titanic(ApplicationContext context) {
		return (Map<String, Object>) context.getBean(MajordomoBroker.class).getDetails().get("titanic");
	}

	@Test
	void aFullDiskRefusesRequestsAndLeavesNoTemporaryFile() throws Exception {
		try (SmallTmpfs disk = SmallTmpfs.mount(this.parent, "64k")) {
			runner(disk.directory()).run((context) -> {
				assertThat(context).hasNotFailed();
				MajordomoClient client = client(context);
				try {
					await().atMost(WAIT).until(() -> client.isServiceAvailable("titanic.request"));
					ZMsg stored = client.request("titanic.request", frames("echo", "stored"), ZMsg.class);
					assertThat(stored.popString()).isEqualTo("200");
					assertThat(disk.fill()).isPositive();
					for (int i = 0; i < 3; i++) {
						ZMsg refused = client.request("titanic.request", frames("echo", "refused " + i), ZMsg.class);
						// refused, and nothing that looks like an id: the client knows it must try again
						assertThat(refused.popString()).isEqualTo("500");
						assertThat(refused).isEmpty();
					}
					assertThat(disk.files(".tmp")).as("temporary files left by refused writes").isEmpty();
					assertThat(disk.files(".request")).hasSize(1);
					assertThat(titanic(context)).containsEntry("refused", 3L).containsEntry("pendingRequests", 1);
					// room again: requests are acknowledged again
					disk.free();
					ZMsg again = client.request("titanic.request", frames("echo", "again"), ZMsg.class);
					assertThat(again.popString()).isEqualTo("200");
					assertThat(disk.files(".request")).hasSize(2);
				}
				finally {
					client.destroy();
				}
			});
		}
	}

	@Test
	void neitherARequestNorAReplyThatCannotBeWrittenLeavesATemporaryFile() throws Exception {
		try (SmallTmpfs disk = SmallTmpfs.mount(this.parent, "64k")) {
			TitanicStore store = new TitanicStore(disk.directory());
			String id = store.storeRequest(List.of("echo".getBytes(), "body".getBytes()));
			disk.fill();
			assertThatThrownBy(() -> store.storeRequest(List.of("echo".getBytes(), new byte[512])))
				.isInstanceOf(UncheckedIOException.class);
			assertThatThrownBy(() -> store.storeReply(id, List.of(new byte[512])))
				.isInstanceOf(UncheckedIOException.class);
			assertThat(disk.files(".tmp")).as("temporary files left by failed writes").isEmpty();
			// nothing stored is lost: the request is still there, still waiting for its reply
			assertThat(store.pending()).containsExactly(id);
			assertThat(store.hasReply(id)).isFalse();
		}
	}

}
