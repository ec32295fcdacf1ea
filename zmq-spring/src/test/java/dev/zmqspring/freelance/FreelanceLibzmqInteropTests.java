package dev.zmqspring.freelance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.zeromq.ZContext;

import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.test.PythonPeer;

import static dev.zmqspring.support.LoopbackPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Freelance against libzmq (pyzmq) peers written from Guide ch.4: flserver3-style servers against
 * our client, and flclient3-style (model 3) and flclient2-style (model 2) clients against our server.
 */
class FreelanceLibzmqInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private ZContext context;

	private ZmqSocketFactory factory;

	private final List<AutoCloseable> closing = new ArrayList<>();

	@BeforeEach
	void setUp() {
		PythonPeer.assumeAvailable();
		this.context = new ZContext();
		// a stalled handshake (docs/jeromq.md) is retried within the clients' 2 s request timeout
		this.factory = new ZmqSocketFactory(this.context,
				ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO).withHandshakeInterval(Duration.ofSeconds(1)));
	}

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.closing.size() - 1; i >= 0; i--) {
			this.closing.get(i).close();
		}
		this.context.close();
	}

	private PythonPeer peer(PythonPeer.Command command) {
		PythonPeer peer = command.start();
		this.closing.add(peer);
		return peer;
	}

	@ParameterizedTest
	@EnumSource(FreelanceStrategy.class)
	void ourClientAgainstLibzmqServers(FreelanceStrategy strategy) {
		String a = "tcp://127.0.0.1:" + freePort();
		String b = "tcp://127.0.0.1:" + freePort();
		peer(PythonPeer.script("fl_server.py").option("bind", a)).awaitReady(WAIT);
		PythonPeer second = peer(PythonPeer.script("fl_server.py").option("bind", b));
		second.awaitReady(WAIT);
		FreelanceClient client = new FreelanceClient(this.factory, ZmqMessageConverters.defaults(), "interop",
				List.of(a, b), strategy, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2));
		this.closing.add(client::destroy);
		for (int i = 0; i < 50; i++) {
			assertThat(client.request("name " + i, String.class)).isEqualTo("py:name " + i);
		}
	}

	@Test
	void libzmqModelThreeClientAgainstOurServers() {
		FreelanceTestServer a = new FreelanceTestServer(freePort()).start();
		FreelanceTestServer b = new FreelanceTestServer(freePort()).start();
		this.closing.add(a::kill);
		this.closing.add(b::kill);
		PythonPeer client = peer(PythonPeer.script("fl_client.py").option("model", "3").option("connect", a.endpoint)
				.option("connect", b.endpoint).option("count", "20"));
		assertThat(client.awaitLine("ALIVE ", WAIT)).startsWith("ALIVE tcp://127.0.0.1:");
		for (int i = 0; i < 20; i++) {
			assertThat(client.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY echo:name " + i);
		}
		assertThat(client.awaitLine("DONE", WAIT)).isEqualTo("DONE");
	}

	@Test
	void libzmqModelTwoClientAgainstOurServers() {
		FreelanceTestServer a = new FreelanceTestServer(freePort()).start();
		FreelanceTestServer b = new FreelanceTestServer(freePort()).start();
		this.closing.add(a::kill);
		this.closing.add(b::kill);
		PythonPeer client = peer(PythonPeer.script("fl_client.py").option("model", "2").option("connect", a.endpoint)
				.option("connect", b.endpoint).option("count", "20"));
		for (int i = 0; i < 20; i++) {
			assertThat(client.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY echo:name " + i);
		}
		assertThat(client.awaitLine("DONE", WAIT)).isEqualTo("DONE");
	}

}
