package dev.zmqspring.majordomo.titanic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMsg;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqMajordomoAutoConfiguration;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.listener.ZmqWorkerProtocol;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Titanic (spec 9/TSP) on a broker of a Spring context: a request acknowledged before a full
 * application restart is answered after it.
 */
class TitanicTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class))
			.withPropertyValues("zmq.linger=0", "zmq.brokers.main.type=majordomo",
					"zmq.brokers.main.endpoint=tcp://127.0.0.1:*", "zmq.brokers.main.heartbeat-interval=500ms",
					"zmq.brokers.main.titanic.enabled=true", "zmq.brokers.main.titanic.directory=" + this.directory);
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

	@Test
	void anAcknowledgedRequestSurvivesAnApplicationRestart() {
		AtomicReference<String> id = new AtomicReference<>();
		this.runner().run((context) -> {
			assertThat(context).hasNotFailed();
			MajordomoClient client = client(context);
			try {
				await().atMost(WAIT).until(() -> client.isServiceAvailable("titanic.request"));
				ZMsg ack = client.request("titanic.request", frames("echo", "hello titanic"), ZMsg.class);
				assertThat(ack.popString()).isEqualTo("200");
				id.set(ack.popString());
				// acknowledged means on disk
				assertThat(Files.exists(this.directory.resolve(id.get() + ".request"))).isTrue();
				ZMsg pending = client.request("titanic.reply", id.get(), ZMsg.class);
				assertThat(pending.popString()).isEqualTo("300");
				assertThat(context.getBean(MajordomoBroker.class).getDetails()).containsKey("titanic");
			}
			finally {
				client.destroy();
			}
		});
		// a new application on the same directory; now the echo service has a worker
		this.runner().run((context) -> {
			assertThat(context).hasNotFailed();
			MajordomoBroker broker = context.getBean(MajordomoBroker.class);
			ZmqActor worker = echoWorker(context, broker);
			MajordomoClient client = client(context);
			try {
				await().atMost(WAIT).until(() -> client.isServiceAvailable("titanic.reply"));
				await().atMost(WAIT).until(() -> {
					ZMsg reply = client.request("titanic.reply", id.get(), ZMsg.class);
					return "200".equals(reply.popString())
							&& "echo: hello titanic".equals(new String(reply.pop().getData(), StandardCharsets.UTF_8));
				});
				assertThat(client.request("titanic.close", id.get(), String.class)).isEqualTo("200");
				assertThat(client.request("titanic.reply", id.get(), String.class)).isEqualTo("400");
				assertThat(Files.exists(this.directory.resolve(id.get() + ".request"))).isFalse();
				// unknown or hostile ids are just unknown
				assertThat(client.request("titanic.reply", "../../etc/passwd", String.class)).isEqualTo("400");
				ZMsg bad = client.request("titanic.request", frames(""), ZMsg.class);
				assertThat(bad.popString()).isEqualTo("500");
			}
			finally {
				client.destroy();
				worker.stop(WAIT);
			}
		});
	}

	@Test
	void requestsStoredWhileTheServiceRunsAreAnsweredInOrderAndCounted() {
		this.runner().run((context) -> {
			assertThat(context).hasNotFailed();
			MajordomoBroker broker = context.getBean(MajordomoBroker.class);
			ZmqActor worker = echoWorker(context, broker);
			MajordomoClient client = client(context);
			try {
				await().atMost(WAIT).until(() -> client.isServiceAvailable("titanic.request"));
				List<String> ids = new java.util.ArrayList<>();
				for (int i = 0; i < 5; i++) {
					ZMsg ack = client.request("titanic.request", frames("echo", "r" + i), ZMsg.class);
					assertThat(ack.popString()).isEqualTo("200");
					ids.add(ack.popString());
				}
				for (int i = 0; i < ids.size(); i++) {
					String id = ids.get(i);
					String expected = "echo: r" + i;
					await().atMost(WAIT).until(() -> {
						ZMsg reply = client.request("titanic.reply", id, ZMsg.class);
						return "200".equals(reply.popString())
								&& expected.equals(new String(reply.pop().getData(), StandardCharsets.UTF_8));
					});
				}
				@SuppressWarnings("unchecked")
				Map<String, Object> titanic = (Map<String, Object>) broker.getDetails().get("titanic");
				assertThat(titanic).containsEntry("dispatched", 5L).containsEntry("pendingRequests", 0);
			}
			finally {
				client.destroy();
				worker.stop(WAIT);
			}
		});
	}

	/** An {@code echo} service worker on the broker, answering {@code "echo: <request>"}. */
	private static ZmqActor echoWorker(org.springframework.context.ApplicationContext context, MajordomoBroker broker) {
		ZmqWorkerProtocol protocol = context.getBean("majordomo", ZmqWorkerProtocol.class);
		ZmqActor worker = new ZmqActor("echo", context.getBean(ZmqSocketFactory.class),
				protocol.createWorker(new ZmqWorkerDefinition("echo", 0, List.of(), "echo",
						broker.getEndpoints().get(0), "test"), (request) -> {
							ZMsg reply = new ZMsg();
							reply.add("echo: " + request.popString());
							return reply;
						}));
		worker.start(WAIT);
		return worker;
	}

	@Test
	void aStartDeletesTheTemporaryFilesACrashLeftAndKeepsWhatWasStored() throws IOException {
		TitanicStore store = new TitanicStore(this.directory);
		String stored = store.storeRequest(List.of("echo".getBytes(), "stored".getBytes()));
		// a crash between creating a temporary file and renaming it leaves these
		Path request = Files.write(this.directory.resolve("0123456789abcdef0123456789abcdef.request.tmp"), new byte[0]);
		Path reply = Files.write(this.directory.resolve(stored + ".reply.tmp"), "TSP1".getBytes());
		this.runner().run((context) -> {
			assertThat(context).hasNotFailed();
			MajordomoBroker broker = context.getBean(MajordomoBroker.class);
			await().atMost(WAIT).until(() -> !Files.exists(request) && !Files.exists(reply));
			assertThat(Files.exists(this.directory.resolve(stored + ".request"))).isTrue();
			@SuppressWarnings("unchecked")
			Map<String, Object> titanic = (Map<String, Object>) broker.getDetails().get("titanic");
			assertThat(titanic).containsEntry("temporaryFilesRemoved", 2).containsEntry("pendingRequests", 1);
		});
	}

	@Test
	void theStoreWritesCompleteFilesAndListsPendingRequestsOldestFirst() {
		TitanicStore store = new TitanicStore(this.directory);
		String first = store.storeRequest(List.of("svc".getBytes(), "a".getBytes()));
		String second = store.storeRequest(List.of("svc".getBytes(), new byte[0], "b".getBytes()));
		assertThat(store.pending()).contains(first, second);
		assertThat(store.readRequest(second)).hasSize(3);
		store.storeReply(first, List.of("done".getBytes()));
		assertThat(store.pending()).containsExactly(second);
		assertThat(new String(store.readReply(first).get(0))).isEqualTo("done");
		store.close(first);
		assertThat(store.hasRequest(first)).isFalse();
		assertThat(store.readReply(first)).isNull();
		assertThat(TitanicStore.isId("../x")).isFalse();
	}

}
