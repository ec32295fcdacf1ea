package dev.zmqspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.binarystar.BinaryStarState;
import dev.zmqspring.binarystar.BinaryStarStateChangedEvent;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.test.PythonPeer;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Binary Star (Guide ch.4 "High-Availability Pair") against libzmq peers (Debian python3-zmq): a
 * Python bstarsrv ({@code bstar_server.py}, written from the chapter's state machine) as the other
 * half of a pair with our {@link BinaryStar} in both roles, and a Python bstarcli
 * ({@code bstar_client.py}, Lazy Pirate with failover) against a pair of two Spring Boot applications.
 * Each failover is real: the active peer goes away (its application context closed, or the Python
 * process stopped) and the next client request, after one timeout, is served by the passive peer, which
 * has seen the active one silent for two heartbeats.
 */
class BinaryStarLibzmqInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final int HEARTBEAT_MS = 200;

	/** The client's per-attempt timeout: five heartbeats, so the passive peer sees the active one as silent. */
	private static final Duration TIMEOUT = Duration.ofMillis(1000);

	/**
	 * Resends per template request. The Guide's failover needs one (the first attempt times out on the
	 * dead peer, the resend goes to the other); the four more are for a JeroMQ 0.6.0 client flake: now
	 * and then a fresh REQ never connects to a live server (measured about 1 in 75 right after closing a
	 * REQ that was reconnecting to a refused port, about 1 in 20 on the first socket of a new ZContext;
	 * never with libzmq). The pair alternates, so attempts 2, 4 and 6 go to the surviving peer: with
	 * two of them, a CI run once saw both fresh REQs to the surviving peer stay unconnected (the
	 * surviving peer never failed over, so no request reached its gate; nine local runs passed).
	 */
	private static final int RETRIES = 5;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@BeforeAll
	static void libzmqAvailable() {
		PythonPeer.assumeAvailable();
	}

	@AfterEach
	void closeContexts() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void ourPrimaryWithAPythonBackupFailsOverToThePythonPeer() {
		String ourStates = tcp(freePort());
		String pythonStates = tcp(freePort());
		String ourFrontend = tcp(freePort());
		String pythonFrontend = tcp(freePort());
		try (PythonPeer python = pythonPeer("backup", pythonStates, ourStates, pythonFrontend)) {
			python.awaitReady(WAIT);
			ConfigurableApplicationContext ours = peer("primary", ourStates, pythonStates, ourFrontend);
			BinaryStar pair = ours.getBean(BinaryStar.class);
			ZmqTemplate template = client();
			String servers = ourFrontend + "|" + pythonFrontend;

			assertThat(python.awaitLine("STATE ", WAIT)).isEqualTo("STATE BACKUP");
			assertThat(python.awaitLine("STATE ", WAIT)).isEqualTo("STATE PASSIVE");
			await().atMost(WAIT)
				.until(() -> pair.getPairState() == BinaryStarState.ACTIVE
						&& pair.getPeerState() == BinaryStarState.PASSIVE);
			for (int i = 0; i < 5; i++) {
				assertThat(template.request(servers, "hello " + i, String.class, TIMEOUT, RETRIES))
					.isEqualTo("primary:hello " + i);
			}
			assertThat(python.lines()).noneMatch((line) -> line.startsWith("SERVED"));

			ours.close();
			long closed = System.nanoTime();
			assertThat(template.request(servers, "after", String.class, TIMEOUT, RETRIES)).isEqualTo("python:after");
			log("ours primary -> python backup: first reply from the backup " + millisSince(closed)
					+ " ms after the primary's context was closed");
			assertThat(python.awaitLine("STATE ", WAIT)).isEqualTo("STATE ACTIVE");
			assertThat(python.awaitLine("SERVED ", WAIT)).isEqualTo("SERVED after");
			// the client now stays with the peer that answered: no timeout on the next request
			long again = System.nanoTime();
			assertThat(template.request(servers, "again", String.class, TIMEOUT, 0)).isEqualTo("python:again");
			assertThat(millisSince(again)).isLessThan(TIMEOUT.toMillis());
		}
	}

	@Test
	void aPythonPrimaryWithOurBackupFailsOverToOurPeer() {
		String ourStates = tcp(freePort());
		String pythonStates = tcp(freePort());
		String ourFrontend = tcp(freePort());
		String pythonFrontend = tcp(freePort());
		try (PythonPeer python = pythonPeer("primary", pythonStates, ourStates, pythonFrontend)) {
			python.awaitReady(WAIT);
			ConfigurableApplicationContext ours = peer("backup", ourStates, pythonStates, ourFrontend);
			BinaryStar pair = ours.getBean(BinaryStar.class);
			PairPeer app = ours.getBean(PairPeer.class);
			ZmqTemplate template = client();
			String servers = pythonFrontend + "|" + ourFrontend;

			assertThat(python.awaitLine("STATE ", WAIT)).isEqualTo("STATE PRIMARY");
			assertThat(python.awaitLine("STATE ", WAIT)).isEqualTo("STATE ACTIVE");
			await().atMost(WAIT)
				.until(() -> pair.getPairState() == BinaryStarState.PASSIVE
						&& pair.getPeerState() == BinaryStarState.ACTIVE);
			for (int i = 0; i < 5; i++) {
				assertThat(template.request(servers, "hello " + i, String.class, TIMEOUT, RETRIES))
					.isEqualTo("python:hello " + i);
			}
			// our passive peer drops what reaches it while the Python primary is alive
			assertThatThrownBy(() -> template.request(ourFrontend, "direct", String.class, Duration.ofMillis(300), 0))
				.isInstanceOf(ZmqRequestTimeoutException.class);
			assertThat(pair.getPairState()).isEqualTo(BinaryStarState.PASSIVE);
			assertThat(app.served).isEmpty();

			python.close();
			assertThat(python.isAlive()).isFalse();
			long killed = System.nanoTime();
			assertThat(template.request(servers, "after", String.class, TIMEOUT, RETRIES)).isEqualTo("backup:after");
			log("python primary -> ours backup: first reply from the backup " + millisSince(killed)
					+ " ms after the primary's process exited");
			assertThat(pair.getPairState()).isEqualTo(BinaryStarState.ACTIVE);
			assertThat(app.served).containsExactly("after");
			assertThat(app.states).containsSubsequence(BinaryStarState.PASSIVE, BinaryStarState.ACTIVE);
			assertThat(template.request(servers, "again", String.class, TIMEOUT, 0)).isEqualTo("backup:again");
		}
	}

	@Test
	void aPythonFailoverClientKeepsGettingRepliesFromOurPair() {
		String primaryStates = tcp(freePort());
		String backupStates = tcp(freePort());
		String primaryFrontend = tcp(freePort());
		String backupFrontend = tcp(freePort());
		ConfigurableApplicationContext primary = peer("primary", primaryStates, backupStates, primaryFrontend);
		ConfigurableApplicationContext backup = peer("backup", backupStates, primaryStates, backupFrontend);
		BinaryStar backupPair = backup.getBean(BinaryStar.class);
		await().atMost(WAIT)
			.until(() -> primary.getBean(BinaryStar.class).getPairState() == BinaryStarState.ACTIVE
					&& backupPair.getPairState() == BinaryStarState.PASSIVE);
		int count = 30;
		try (PythonPeer client = PythonPeer.script("bstar_client.py").option("server", primaryFrontend)
				.option("server", backupFrontend).option("count", Integer.toString(count)).option("delay-ms", "50")
				.option("timeout-ms", Long.toString(TIMEOUT.toMillis())).option("retries", "3")
				.option("seconds", "50").start()) {
			client.awaitReady(WAIT);
			for (int i = 0; i < 10; i++) {
				assertThat(client.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY primary:Hello " + i);
			}
			primary.close();
			long closed = System.nanoTime();
			String failover = client.awaitLine("FAILOVER ", WAIT);
			String first = client.awaitLine("REPLY backup:", WAIT);
			log("python client, ours primary -> ours backup: first reply from the backup " + millisSince(closed)
					+ " ms after the primary's context was closed (" + first + ")");
			client.awaitLine("DONE", WAIT);
			assertThat(failover).isEqualTo("FAILOVER " + backupFrontend);
			List<String> replies = client.lines()
				.stream()
				.filter((line) -> line.startsWith("REPLY "))
				.map((line) -> line.substring(line.indexOf(':') + 1))
				.toList();
			assertThat(replies).containsExactlyElementsOf(IntStream.range(0, count).mapToObj((i) -> "Hello " + i).toList());
			assertThat(client.lines()).filteredOn((line) -> line.startsWith("REPLY backup:")).isNotEmpty();
			assertThat(client.lines()).filteredOn((line) -> line.startsWith("FAILOVER ")).hasSize(1);
			assertThat(backupPair.getPairState()).isEqualTo(BinaryStarState.ACTIVE);
			assertThat(client.awaitExit(WAIT)).isZero();
		}
	}

	// ---------------------------------------------------------------------------------------------

	private static PythonPeer pythonPeer(String role, String local, String remote, String frontend) {
		return PythonPeer.script("bstar_server.py").option("role", role).option("local", local)
				.option("remote", remote).option("frontend", frontend)
				.option("heartbeat-ms", Integer.toString(HEARTBEAT_MS)).option("name", "python")
				.option("seconds", "60").start();
	}

	/** Our peer: a Spring Boot application with a Binary Star pair gating an echo worker. */
	private ConfigurableApplicationContext peer(String role, String local, String remote, String frontend) {
		return run(PairPeer.class, "zmq.binary-star.role=" + role, "zmq.binary-star.local=" + local,
				"zmq.binary-star.remote=" + remote, "zmq.binary-star.heartbeat=" + HEARTBEAT_MS + "ms",
				"pair.frontend=" + frontend);
	}

	/** A client application of its own, so that it outlives the peers it fails over between. */
	private ZmqTemplate client() {
		return run(Client.class).getBean(ZmqTemplate.class);
	}

	private ConfigurableApplicationContext run(Class<?> application, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.registerShutdownHook(false)
			.properties("spring.jmx.enabled=false", "zmq.linger=0ms")
			.properties(properties)
			.run();
		this.contexts.add(context);
		return context;
	}

	private static String tcp(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

	private static void log(String line) {
		System.out.println("[binary-star interop] " + line);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PairPeer {

		final List<String> served = new CopyOnWriteArrayList<>();

		final List<BinaryStarState> states = new CopyOnWriteArrayList<>();

		@Value("${zmq.binary-star.role}")
		private String role;

		@ZmqWorker(id = "echo", endpoints = "${pair.frontend}", binaryStar = "true")
		String echo(String request) {
			this.served.add(request);
			return this.role + ":" + request;
		}

		@EventListener
		void onStateChange(BinaryStarStateChangedEvent event) {
			this.states.add(event.getState());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Client {

	}

}
