package dev.zmqspring.majordomo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.test.PythonPeer;

import static dev.zmqspring.majordomo.MajordomoTestSupport.workers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Wire compatibility of Majordomo with libzmq peers written from spec 7/MDP and 8/MMI in Python
 * (Debian python3-zmq): the Python client and worker through our broker, and our client and worker
 * through the Python broker.
 */
class MajordomoLibzmqInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration HEARTBEAT = Duration.ofMillis(1000);

	private ZContext context;

	private ZmqSocketFactory factory;

	private final List<ZmqActor> actors = new ArrayList<>();

	private final List<MajordomoClient> clients = new ArrayList<>();

	@BeforeAll
	static void libzmqAvailable() {
		PythonPeer.assumeAvailable();
	}

	@BeforeEach
	void setUp() {
		this.context = new ZContext();
		this.factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));
	}

	@AfterEach
	void tearDown() {
		this.clients.forEach(MajordomoClient::destroy);
		this.actors.forEach((actor) -> actor.stop(Duration.ofSeconds(5)));
		this.context.close();
	}

	private MajordomoClient client(String endpoint, Duration timeout, int retries) {
		MajordomoClient client = new MajordomoClient(this.factory, ZmqMessageConverters.defaults(), endpoint, timeout,
				retries, 8, -1);
		this.clients.add(client);
		return client;
	}

	private ZmqActor worker(String endpoint, String service, ZmqRequestHandler handler) {
		ZmqActor actor = MajordomoTestSupport.worker(this.factory, MajordomoTestSupport.protocol(endpoint, HEARTBEAT),
				service, handler);
		this.actors.add(actor);
		return actor;
	}

	@Test
	void pythonClientAndWorkerTalkThroughTheJavaBroker() {
		MajordomoBroker broker = MajordomoTestSupport.broker(this.factory, "tcp://127.0.0.1:*", HEARTBEAT);
		try {
			String endpoint = broker.getEndpoints().get(0);
			try (PythonPeer worker = PythonPeer.script("mdp_worker.py").option("connect", endpoint)
					.option("service", "echo").option("heartbeat-ms", "1000").option("prefix", "py:").start()) {
				worker.awaitReady(WAIT);
				await().atMost(WAIT).until(() -> workers(broker, "echo") == 1);
				try (PythonPeer mmi = PythonPeer.script("mdp_client.py").option("connect", endpoint)
						.option("mmi", "echo").start()) {
					assertThat(mmi.awaitLine("MMI ", WAIT)).isEqualTo("MMI 200");
				}
				try (PythonPeer mmi = PythonPeer.script("mdp_client.py").option("connect", endpoint)
						.option("mmi", "nope").start()) {
					assertThat(mmi.awaitLine("MMI ", WAIT)).isEqualTo("MMI 404");
				}
				try (PythonPeer client = PythonPeer.script("mdp_client.py").option("connect", endpoint)
						.option("service", "echo").option("count", "10").option("text", "hello").start()) {
					for (int i = 0; i < 10; i++) {
						assertThat(client.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY py:hello " + i);
					}
					client.awaitLine("DONE", WAIT);
				}
				try (PythonPeer client = PythonPeer.script("mdp_client.py").option("connect", endpoint)
						.option("service", "echo").option("count", "200").flag("async").option("timeout-ms", "10000")
						.start()) {
					client.awaitLine("DONE", WAIT);
					assertThat(client.lines().stream().filter((line) -> line.startsWith("REPLY ")).count())
						.isEqualTo(200);
				}
				// our client, their worker, our broker
				assertThat(client(endpoint, Duration.ofSeconds(5), 2).request("echo", "java", String.class))
					.isEqualTo("py:java");
			}
			await().atMost(WAIT).until(() -> workers(broker, "echo") == 0); // DISCONNECT on exit
		}
		finally {
			broker.stop();
		}
	}

	@Test
	void javaClientAndWorkerTalkThroughThePythonBroker() {
		try (PythonPeer broker = PythonPeer.script("mdp_broker.py").option("bind", "tcp://127.0.0.1:*")
				.option("heartbeat-ms", "1000").start()) {
			String endpoint = broker.awaitReady(WAIT);
			worker(endpoint, "echo", (request) -> MajordomoTestSupport.prefixed("java:", request));
			worker(endpoint, "fail", (request) -> {
				throw new IllegalStateException("broken");
			});
			broker.awaitLine("WORKER echo", WAIT);
			broker.awaitLine("WORKER fail", WAIT);
			MajordomoClient client = client(endpoint, Duration.ofSeconds(5), 2);
			assertThat(client.isServiceAvailable("echo")).isTrue();
			assertThat(client.isServiceAvailable("nope")).isFalse();
			assertThat(client.request("echo", "sync", String.class)).isEqualTo("java:sync");
			List<CompletableFuture<String>> futures = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				futures.add(client.requestAsync("echo", "async " + i, String.class));
			}
			for (int i = 0; i < 200; i++) {
				assertThat(futures.get(i).orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo("java:async " + i);
			}
			assertThatThrownBy(() -> client.request("fail", "x", String.class)).isInstanceOf(ZmqRemoteException.class)
				.hasMessageContaining("broken");
			// and the Python client against our worker through their broker
			try (PythonPeer pyClient = PythonPeer.script("mdp_client.py").option("connect", endpoint)
					.option("service", "echo").option("count", "3").option("text", "py").start()) {
				assertThat(pyClient.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY java:py 0");
				pyClient.awaitLine("DONE", WAIT);
			}
		}
	}

	@Test
	void javaWorkersReRegisterWhenThePythonBrokerRestarts() {
		String endpoint;
		try (PythonPeer broker = PythonPeer.script("mdp_broker.py").option("bind", "tcp://127.0.0.1:*")
				.option("heartbeat-ms", "1000").start()) {
			endpoint = broker.awaitReady(WAIT);
			worker(endpoint, "echo", (request) -> request);
			broker.awaitLine("WORKER echo", WAIT);
		}
		try (PythonPeer broker = PythonPeer.script("mdp_broker.py").option("bind", endpoint)
				.option("heartbeat-ms", "1000").start()) {
			broker.awaitReady(WAIT);
			broker.awaitLine("WORKER echo", WAIT);
			assertThat(client(endpoint, Duration.ofSeconds(5), 2).request("echo", "again", String.class))
				.isEqualTo("again");
		}
	}

	@Test
	void aPythonWorkerCrashesMidRequestAndTheClientRetrySucceedsOnAnotherWorker() throws Exception {
		MajordomoBroker broker = MajordomoTestSupport.broker(this.factory, "tcp://127.0.0.1:*", HEARTBEAT);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (PythonPeer doomed = PythonPeer.script("mdp_worker.py").option("connect", broker.getEndpoints().get(0))
				.option("service", "job").option("heartbeat-ms", "1000").option("crash-after", "0").start()) {
			String endpoint = broker.getEndpoints().get(0);
			doomed.awaitReady(WAIT);
			await().atMost(WAIT).until(() -> workers(broker, "job") == 1);
			MajordomoClient client = client(endpoint, Duration.ofMillis(1500), 5);
			Future<String> answer = executor.submit(() -> client.request("job", "work", String.class));
			doomed.awaitLine("CRASH", WAIT);
			worker(endpoint, "job", (request) -> MajordomoTestSupport.prefixed("recovered:", request));
			assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("recovered:work");
		}
		finally {
			executor.shutdownNow();
			broker.stop();
		}
	}

}
