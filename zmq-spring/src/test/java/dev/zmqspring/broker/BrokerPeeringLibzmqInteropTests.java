package dev.zmqspring.broker;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.test.PythonPeer;

import static dev.zmqspring.support.LoopbackPorts.freePort;
import static dev.zmqspring.broker.BrokerPeeringTests.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guide ch.3 inter-broker routing against a libzmq peer broker that behaves like the Guide's
 * peering3 (peering_broker.py): both cloud envelopes, state announced only on change, and a peer
 * told dead by its cloud connection rather than by its silence.
 */
class BrokerPeeringLibzmqInteropTests {

	static final Duration STATE_INTERVAL = Duration.ofMillis(200);

	final BrokerTestSupport support = new BrokerTestSupport();

	/** north: frontend, backend, state, cloud; py: frontend, state, cloud. */
	final int[] north = { freePort(), freePort(), freePort(), freePort() };

	final int[] py = { freePort(), freePort(), freePort() };

	final Set<String> bodies = ConcurrentHashMap.newKeySet();

	PythonPeer peer;

	@BeforeAll
	static void python() {
		PythonPeer.assumeAvailable();
	}

	@AfterEach
	void tearDown() {
		if (this.peer != null) {
			this.peer.close();
		}
		this.support.close();
	}

	ZmqBroker startNorth() {
		ZmqBrokerPeering peering = new ZmqBrokerPeering(
				ZmqEndpoint.parseAll("@" + tcp(this.north[2]), SocketType.PUB, "state-endpoint"),
				ZmqEndpoint.parseAll("@" + tcp(this.north[3]), SocketType.ROUTER, "cloud-endpoint"), STATE_INTERVAL,
				List.of(new ZmqBrokerPeering.Peer("py", ZmqEndpoint.parseAll(">" + tcp(this.py[1]), SocketType.SUB, "state"),
						ZmqEndpoint.parseAll(">" + tcp(this.py[2]), SocketType.ROUTER, "cloud"))));
		return this.support.broker(new ZmqBrokerDefinition("north", ZmqBrokerType.LOAD_BALANCING,
				ZmqEndpoint.parseAll("@" + tcp(this.north[0]), SocketType.ROUTER, "frontend"),
				ZmqEndpoint.parseAll("@" + tcp(this.north[1]), SocketType.ROUTER, "backend"), Duration.ofSeconds(1), 3,
				64 * 1024, "zmq.brokers.north", peering));
	}

	void northWorker() {
		this.support.worker(new LoadBalancingWorkerProtocol(), "north-w-" + System.nanoTime(), ">" + tcp(this.north[1]),
				(request) -> {
					String body = request.peekFirst().getString(ZMQ.CHARSET);
					this.bodies.add(body + "/" + request.size());
					return BrokerTestSupport.reply("north:" + body);
				});
	}

	void startPeer(String form, int workers) {
		this.peer = PythonPeer.script("peering_broker.py").option("name", "py").option("frontend", tcp(this.py[0])).option("state", tcp(this.py[1])).option("cloud", tcp(this.py[2])).option("peer", "north").option("peer-state", tcp(this.north[2])).option("peer-cloud", tcp(this.north[3])).option("workers", workers).option("form", form).option("seconds", "120").start();
		this.peer.awaitReady(Duration.ofSeconds(30));
	}

	/**
	 * Waits until north heard the peer's idle workers. The peer announces only when its count
	 * changes, and its first announcement may go out before north's SUB is connected (the Guide's
	 * slow joiner), so its own clients make it change: each request takes a worker and gives it back.
	 */
	void awaitPeerHeard(ZmqBroker broker, int workers) {
		ZmqTemplate local = this.support.template(Duration.ofSeconds(3), 3);
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
			if (broker.getPeers().getOrDefault("py", 0) == workers) {
				return true;
			}
			assertThat(local.request(tcp(this.py[0]), "warm", String.class)).isEqualTo("py:warm");
			return false;
		});
	}

	long stateLines() {
		return this.peer.lines().stream().filter((line) -> line.startsWith("STATE")).count();
	}

	void signal(String name) throws Exception {
		new ProcessBuilder("kill", "-" + name, Long.toString(this.peer.pid())).inheritIO().start().waitFor();
	}

	@ParameterizedTest
	@ValueSource(strings = { "delimited", "bare" })
	void requestsOfAGuidePeerInEitherCloudEnvelopeAreServedHereAndAnsweredInItsForm(String form) {
		ZmqBroker broker = startNorth();
		northWorker();
		startPeer(form, 0);
		await().atMost(Duration.ofSeconds(15)).until(() -> broker.getIdleWorkers() == 1
				&& this.peer.lines().contains("CAPACITY 1"));
		long dropped = broker.getCounters().getDropped();
		ZmqTemplate template = this.support.template(Duration.ofSeconds(3), 3);
		for (int i = 0; i < 4; i++) {
			assertThat(template.request(tcp(this.py[0]), "r" + i, String.class)).isEqualTo("north:r" + i);
		}
		assertThat(this.bodies).containsExactlyInAnyOrder("r0/1", "r1/1", "r2/1", "r3/1");
		assertThat(this.peer.lines()).noneMatch((line) -> line.startsWith("ASTRAY")).contains("CLOUD r3");
		assertThat(broker.getCounters().getDropped()).isEqualTo(dropped);
	}

	@Test
	void aMalformedCloudEnvelopeIsDroppedAndCountedNeverDeliveredWithAWrongBody() {
		ZmqBroker broker = startNorth();
		northWorker();
		await().atMost(Duration.ofSeconds(10)).until(() -> broker.getIdleWorkers() == 1);
		long dropped = broker.getCounters().getDropped();
		ZMQ.Socket impostor = this.support.rawSocket(SocketType.DEALER);
		impostor.setIdentity("py".getBytes(ZMQ.CHARSET));
		impostor.setReceiveTimeOut(10_000);
		impostor.connect(tcp(this.north[3]));
		String[][] malformed = { { "", "body" }, { "", "", "body" }, { "client", "body" }, { "", "client", "body" },
				{ "", "", "client", "", "body" } };
		for (String[] frames : malformed) {
			for (int i = 0; i < frames.length; i++) {
				impostor.send(frames[i], (i < frames.length - 1) ? ZMQ.SNDMORE : 0);
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> broker.getCounters().getDropped() >= dropped + 5);
		// a well-formed request in the Python form still gets through, and its reply keeps the form
		impostor.send("", ZMQ.SNDMORE);
		impostor.send("client", ZMQ.SNDMORE);
		impostor.send("", ZMQ.SNDMORE);
		impostor.send("ok");
		List<String> reply = List.of(impostor.recvStr(), impostor.recvStr(), impostor.recvStr(), impostor.recvStr());
		assertThat(reply).containsExactly("", "client", "", "north:ok");
		assertThat(this.bodies).containsExactly("ok/1");
		assertThat(broker.getCounters().getDropped()).isEqualTo(dropped + 5);
		impostor.close();
	}

	@Test
	void aGuidePeerThatAnnouncesOnlyOnChangeStaysKnownAndServesOurClients() {
		ZmqBroker broker = startNorth();
		startPeer("delimited", 2);
		awaitPeerHeard(broker, 2);
		long announcements = stateLines();
		// silent for many state intervals: still known with its last count
		await().during(STATE_INTERVAL.multipliedBy(8)).atMost(STATE_INTERVAL.multipliedBy(12))
			.until(() -> broker.getPeers().getOrDefault("py", 0) == 2);
		assertThat(stateLines()).as("the peer stayed quiet").isEqualTo(announcements);
		ZmqTemplate template = this.support.template(Duration.ofSeconds(3), 3);
		for (int i = 0; i < 4; i++) {
			assertThat(template.request(tcp(this.north[0]), "q" + i, String.class)).isEqualTo("py:q" + i);
		}
	}

	@Test
	void aPeerThatDiesIsToldDeadByItsCloudConnectionAndRequestsThenWaitForALocalWorker() throws Exception {
		ZmqBroker broker = startNorth();
		startPeer("delimited", 50);
		awaitPeerHeard(broker, 50);
		ZMQ.Socket client = this.support.rawSocket(SocketType.DEALER);
		client.setReceiveTimeOut(10_000);
		client.connect(tcp(this.north[0]));
		client.send("", ZMQ.SNDMORE);
		client.send("before");
		assertThat(client.recvStr()).isEmpty();
		assertThat(client.recvStr()).isEqualTo("py:before");

		signal("KILL");
		long killed = System.nanoTime();
		// one request every 100 ms: the first one its closed connection refuses marks it dead (it
		// still has 49 idle workers by its last announcement); requests routed before are lost
		int[] sent = { 0 };
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
			client.send("", ZMQ.SNDMORE);
			client.send("after-" + sent[0]++);
			return !broker.getPeers().containsKey("py");
		});
		long detected = Duration.ofNanos(System.nanoTime() - killed).toMillis();
		await().atMost(Duration.ofSeconds(10)).until(() -> broker.getQueuedRequests() > 0);
		int queued = broker.getQueuedRequests();
		System.out.println("killed peer unreachable after " + detected + " ms; requests sent " + sent[0]
				+ ", lost with the peer " + (sent[0] - queued));
		assertThat(sent[0] - queued).as("requests routed to the dead peer").isLessThan(sent[0]);

		northWorker();
		for (int i = 0; i < queued; i++) {
			assertThat(client.recvStr()).isEmpty();
			assertThat(client.recvStr()).startsWith("north:after-");
		}
		client.close();
	}

}
