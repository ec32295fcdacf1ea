package dev.zmqspring.majordomo.titanic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.listener.ZmqWorkerProtocol;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoClient;
import dev.zmqspring.support.ZmqSocketFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Titanic's request expiry ({@code zmq.brokers.<name>.titanic.request-expiry}): requests nobody
 * closes, answered or still waiting, are removed once they are older than the expiry, also across a
 * restart; requests within the expiry are kept.
 */
class TitanicExpiryTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path directory;

	private ApplicationContextRunner runner(String requestExpiry) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class))
			.withPropertyValues("zmq.linger=0", "zmq.brokers.main.type=majordomo",
					"zmq.brokers.main.endpoint=tcp://127.0.0.1:*", "zmq.brokers.main.heartbeat-interval=500ms",
					"zmq.brokers.main.titanic.enabled=true", "zmq.brokers.main.titanic.directory=" + this.directory,
					"zmq.brokers.main.titanic.request-expiry=" + requestExpiry);
	}

	@Test
	void requestsNobodyClosesExpireAfterTheConfiguredTimeAndAreKeptUntilThen() {
		Duration expiry = Duration.ofSeconds(4);
		this.runner(expiry.toMillis() + "ms").run((context) -> {
			assertThat(context).hasNotFailed();
			Queue<String> received = new ConcurrentLinkedQueue<>();
			ZmqActor worker = worker(context, "echo", received);
			MajordomoClient client = client(context);
			try {
				await().atMost(WAIT).until(() -> client.isServiceAvailable("titanic.request"));
				long before = System.currentTimeMillis();
				String answered = store(client, "echo", "answered");
				String closed = store(client, "echo", "closed");
				// no worker for this service: it waits for its reply
				String waiting = store(client, "nobody", "waiting");
				await().atMost(WAIT).until(() -> "200".equals(status(client, answered)));
				await().atMost(WAIT).until(() -> "200".equals(status(client, closed)));
				assertThat(client.request("titanic.close", closed, String.class)).isEqualTo("200");
				// a closed request is gone at once, not by the expiry
				assertThat(files(closed)).isEmpty();
				// within the expiry the unclosed ones are kept, answered or still waiting
				assertThat(status(client, answered)).isEqualTo("200");
				assertThat(status(client, waiting)).isEqualTo("300");
				assertThat(files(answered)).containsExactlyInAnyOrder(answered + ".request", answered + ".reply");
				assertThat(files(waiting)).containsExactly(waiting + ".request");
				assertThat(titanic(context)).containsEntry("expired", 0L).containsEntry("pendingRequests", 1);
				long checked = System.currentTimeMillis() - before;
				assertThat(checked).as("the checks within the expiry took longer than the expiry").isLessThan(expiry.toMillis());
				// then both go, request and reply, not before the expiry
				await().atMost(expiry.plus(WAIT)).pollInterval(Duration.ofMillis(50))
					.until(() -> files(answered).isEmpty() && files(waiting).isEmpty());
				long gone = System.currentTimeMillis() - before;
				// a file's time may be a clock tick older than the moment it was written
				assertThat(gone).isGreaterThanOrEqualTo(expiry.toMillis() - 50);
				assertThat(status(client, answered)).isEqualTo("400");
				assertThat(status(client, waiting)).isEqualTo("400");
				assertThat(titanic(context)).containsEntry("expired", 2L)
					.containsEntry("pendingRequests", 0)
					.containsEntry("dispatched", 2L)
					.containsEntry("requestExpiry", expiry.toString());
				assertThat(received).containsExactly("answered", "closed");
				try (var stream = Files.list(this.directory)) {
					assertThat(stream).isEmpty();
				}
			}
			finally {
				client.destroy();
				worker.stop(WAIT);
			}
		});
	}

	@Test
	void aRestartNeitherResumesNorKeepsRequestsThatExpiredWhileTitanicWasDown() throws IOException {
		AtomicReference<String> answered = new AtomicReference<>();
		AtomicReference<String> stale = new AtomicReference<>();
		AtomicReference<String> fresh = new AtomicReference<>();
		this.runner("1h").run((context) -> {
			assertThat(context).hasNotFailed();
			ZmqActor worker = worker(context, "done", new ConcurrentLinkedQueue<>());
			MajordomoClient client = client(context);
			try {
				await().atMost(WAIT).until(() -> client.isServiceAvailable("titanic.request"));
				answered.set(store(client, "done", "answered"));
				await().atMost(WAIT).until(() -> "200".equals(status(client, answered.get())));
				// no echo worker yet: these wait for their reply
				stale.set(store(client, "echo", "stale"));
				fresh.set(store(client, "echo", "fresh"));
			}
			finally {
				client.destroy();
				worker.stop(WAIT);
			}
		});
		// the application stays down for longer than the expiry for two of them
		FileTime twoHoursAgo = FileTime.fromMillis(System.currentTimeMillis() - Duration.ofHours(2).toMillis());
		for (String name : List.of(answered.get() + ".request", answered.get() + ".reply", stale.get() + ".request")) {
			Files.setLastModifiedTime(this.directory.resolve(name), twoHoursAgo);
		}
		this.runner("1h").run((context) -> {
			assertThat(context).hasNotFailed();
			Queue<String> received = new ConcurrentLinkedQueue<>();
			ZmqActor worker = worker(context, "echo", received);
			MajordomoClient client = client(context);
			try {
				await().atMost(WAIT).until(() -> client.isServiceAvailable("titanic.reply"));
				await().atMost(WAIT).until(() -> "200".equals(status(client, fresh.get())));
				// the stale request was older, so it would have been dispatched first: it never was
				assertThat(received).containsExactly("fresh");
				assertThat(status(client, stale.get())).isEqualTo("400");
				assertThat(status(client, answered.get())).isEqualTo("400");
				assertThat(files(stale.get())).isEmpty();
				assertThat(files(answered.get())).isEmpty();
				assertThat(titanic(context)).containsEntry("expired", 2L).containsEntry("dispatched", 1L);
			}
			finally {
				client.destroy();
				worker.stop(WAIT);
			}
		});
	}

	@Test
	void aSweepRemovesManyExpiredRequestsOverSeveralTimerRoundsWhileTitanicServes() {
		this.runner("2s").run((context) -> {
			assertThat(context).hasNotFailed();
			MajordomoClient client = client(context);
			try {
				await().atMost(WAIT).until(() -> client.isServiceAvailable("titanic.request"));
				// requests that are already two hours old appear in the store: more than three rounds' worth
				// (written in the store's format, not forced to disk one by one: the test needs no durability)
				int count = 3 * TitanicExpiry.FILES_PER_ROUND + 1;
				Path staging = Files.createDirectory(this.directory.resolve("staging"));
				FileTime twoHoursAgo = FileTime.fromMillis(System.currentTimeMillis() - Duration.ofHours(2).toMillis());
				for (int i = 0; i < count; i++) {
					Path file = staging.resolve(String.format("%032x", i) + ".request");
					Files.write(file, storeFormat("nobody", "old " + i));
					Files.setLastModifiedTime(file, twoHoursAgo);
				}
				try (var stream = Files.list(staging)) {
					for (Path file : stream.toList()) {
						Files.move(file, this.directory.resolve(file.getFileName()));
					}
				}
				Files.delete(staging);
				String live = store(client, "nobody", "live");
				await().atMost(WAIT).until(() -> Long.valueOf(count).equals(titanic(context).get("expired")));
				try (var stream = Files.list(this.directory)) {
					assertThat(stream.map((path) -> path.getFileName().toString())).containsExactly(live + ".request");
				}
				assertThat(status(client, live)).isEqualTo("300");
			}
			finally {
				client.destroy();
			}
		});
	}

	@Test
	void aRequestExpiryThatIsNotPositiveFailsStartupNamingTheProperty() {
		for (String expiry : List.of("0s", "-1s")) {
			this.runner(expiry).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("zmq.brokers.main.titanic.request-expiry");
			});
		}
	}

	/** A request file as {@link TitanicStore} writes it: {@code TSP1}, a frame count, length-prefixed frames. */
	private static byte[] storeFormat(String... frames) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes("TSP1".getBytes(StandardCharsets.US_ASCII));
		bytes.writeBytes(ByteBuffer.allocate(4).putInt(frames.length).array());
		for (String frame : frames) {
			byte[] data = frame.getBytes(StandardCharsets.UTF_8);
			bytes.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
			bytes.writeBytes(data);
		}
		return bytes.toByteArray();
	}

	private List<String> files(String id) throws IOException {
		try (var stream = Files.list(this.directory)) {
			return stream.map((path) -> path.getFileName().toString()).filter((name) -> name.startsWith(id)).toList();
		}
	}

	private static MajordomoClient client(ApplicationContext context) {
		MajordomoBroker broker = context.getBean(MajordomoBroker.class);
		return new MajordomoClient(context.getBean(ZmqSocketFactory.class), context.getBean(ZmqMessageConverters.class),
				broker.getEndpoints().get(0), Duration.ofSeconds(5), 2, 4, -1);
	}

	/** Stores a request through {@code titanic.request} and returns its id. */
	private static String store(MajordomoClient client, String service, String body) {
		ZMsg request = new ZMsg();
		request.add(service);
		request.add(body);
		ZMsg ack = client.request("titanic.request", request, ZMsg.class);
		assertThat(ack.popString()).isEqualTo("200");
		return ack.popString();
	}

	/** The status {@code titanic.reply} answers for an id. */
	private static String status(MajordomoClient client, String id) {
		return client.request("titanic.reply", id, ZMsg.class).popString();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> titanic(ApplicationContext context) {
		return (Map<String, Object>) context.getBean(MajordomoBroker.class).getDetails().get("titanic");
	}

	/** A worker for a service on the broker that records every request and echoes it. */
	private static ZmqActor worker(ApplicationContext context, String service, Queue<String> received) {
		MajordomoBroker broker = context.getBean(MajordomoBroker.class);
		ZmqWorkerProtocol protocol = context.getBean("majordomo", ZmqWorkerProtocol.class);
		ZmqActor worker = new ZmqActor(service, context.getBean(ZmqSocketFactory.class),
				protocol.createWorker(new ZmqWorkerDefinition(service, 0, List.of(), service,
						broker.getEndpoints().get(0), "test"), (request) -> {
							String body = new String(request.pop().getData(), StandardCharsets.UTF_8);
							received.add(body);
							ZMsg reply = new ZMsg();
							reply.add("echo: " + body);
							return reply;
						}));
		worker.start(WAIT);
		return worker;
	}

}
