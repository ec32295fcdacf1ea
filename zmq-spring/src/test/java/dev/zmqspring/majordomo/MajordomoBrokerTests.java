package dev.zmqspring.majordomo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

import static dev.zmqspring.majordomo.MajordomoTestSupport.workers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Majordomo broker with the Java client and worker over loopback TCP: MDP request-reply, MMI,
 * error replies, queuing without workers, hostile peers, protocol violations, worker loss and broker
 * restart, and many asynchronous clients.
 */
class MajordomoBrokerTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration HEARTBEAT = Duration.ofMillis(500);

	private ZContext context;

	private ZmqSocketFactory factory;

	private MajordomoBroker broker;

	private String endpoint;

	private final List<ZmqActor> actors = new ArrayList<>();

	private final List<MajordomoClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.context = new ZContext();
		this.factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));
		this.broker = MajordomoTestSupport.broker(this.factory, "tcp://127.0.0.1:*", HEARTBEAT);
		this.endpoint = this.broker.getEndpoints().get(0);
	}

	@AfterEach
	void tearDown() {
		this.clients.forEach(MajordomoClient::destroy);
		this.actors.forEach((actor) -> actor.stop(Duration.ofSeconds(5)));
		this.broker.stop();
		this.context.close();
	}

	/**
	 * A raw JeroMQ socket of the test's own with a handshake interval: JeroMQ 0.6.0 stalls a fresh
	 * connection now and then in its handshake (docs/jeromq.md), for 30 s without one.
	 */
	private ZMQ.Socket rawSocket(SocketType type) {
		ZMQ.Socket socket = this.context.createSocket(type);
		socket.setHandshakeIvl(1000);
		return socket;
	}

	private MajordomoClient client(Duration timeout, int retries) {
		MajordomoClient client = new MajordomoClient(this.factory, ZmqMessageConverters.defaults(), this.endpoint,
				timeout, retries, 16, -1);
		this.clients.add(client);
		return client;
	}

	private ZmqActor worker(String service, dev.zmqspring.listener.ZmqRequestHandler handler) {
		ZmqActor actor = MajordomoTestSupport.worker(this.factory,
				MajordomoTestSupport.protocol(this.endpoint, HEARTBEAT), service, handler);
		this.actors.add(actor);
		return actor;
	}

	@Test
	void requestsReachTheServiceAndRepliesComeBack() {
		worker("echo", (request) -> MajordomoTestSupport.prefixed("echo:", request));
		worker("upper", (request) -> {
			ZMsg reply = new ZMsg();
			reply.add(request.popString().toUpperCase());
			return reply;
		});
		MajordomoClient client = client(Duration.ofSeconds(5), 2);
		assertThat(client.request("echo", "hello", String.class)).isEqualTo("echo:hello");
		assertThat(client.request("upper", "hello", String.class)).isEqualTo("HELLO");
		assertThat(client.requestAsync("echo", "async", String.class).orTimeout(10, TimeUnit.SECONDS).join())
			.isEqualTo("echo:async");
		ZMsg multi = new ZMsg();
		multi.add("a");
		multi.add("b");
		ZmqActor multiWorker = worker("frames", (request) -> request);
		assertThat(multiWorker.getState()).isEqualTo(ZmqActorState.RUNNING);
		ZMsg reply = client.request("frames", multi, ZMsg.class);
		assertThat(reply.popString()).isEqualTo("a");
		assertThat(reply.popString()).isEqualTo("b");
		await().atMost(WAIT).until(() -> ((Number) this.broker.getDetails().get("requestsServed")).longValue() == 4);
		assertThat(this.broker.getKind()).isEqualTo("broker");
		assertThat(workers(this.broker, "echo")).isEqualTo(1);
	}

	@Test
	void mmiAnswers200For404ForAnd501() {
		MajordomoClient client = client(Duration.ofSeconds(5), 0);
		assertThat(client.isServiceAvailable("echo")).isFalse();
		assertThat(client.request("mmi.service", "echo", String.class)).isEqualTo("404");
		worker("echo", (request) -> request);
		await().atMost(WAIT).until(() -> client.isServiceAvailable("echo"));
		assertThat(client.request("mmi.service", "nope", String.class)).isEqualTo("404");
		assertThat(client.request("mmi.workers", "echo", String.class)).isEqualTo("1");
		assertThat(client.request("mmi.workers", "nope", String.class)).isEqualTo("0");
		assertThat(client.request("mmi.unknown", "x", String.class)).isEqualTo("501");
	}

	@Test
	void aWorkerThatThrowsGivesTheClientAnErrorReply() {
		worker("fail", (request) -> {
			throw new IllegalStateException("boom");
		});
		MajordomoClient client = client(Duration.ofSeconds(5), 0);
		assertThatThrownBy(() -> client.request("fail", "x", String.class)).isInstanceOf(ZmqRemoteException.class)
			.hasMessageContaining("IllegalStateException: boom");
		assertThat(client.requestAsync("fail", "x", String.class).handle((value, ex) -> ex)
			.orTimeout(10, TimeUnit.SECONDS).join()).isInstanceOf(ZmqRemoteException.class);
		assertThatThrownBy(() -> client.request("fail", "x", ZMsg.class, Duration.ofSeconds(5), 0))
			.isInstanceOf(ZmqRemoteException.class);
	}

	@Test
	void aRequestForAServiceWithoutWorkersWaitsUntilTheClientTimeout() throws Exception {
		MajordomoClient client = client(Duration.ofMillis(300), 0);
		assertThatThrownBy(() -> client.request("later", "x", String.class))
			.isInstanceOf(ZmqRequestTimeoutException.class).hasMessageContaining("later");
		// the request is queued in the broker: a worker that comes up while the client waits answers it
		MajordomoClient patient = client(Duration.ofSeconds(20), 0);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<String> answer = executor.submit(() -> patient.request("later", "queued", String.class));
			await().atMost(WAIT).until(() -> queued(this.broker) >= 1);
			worker("later", (request) -> MajordomoTestSupport.prefixed("done:", request));
			assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo("done:queued");
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static int queued(MajordomoBroker broker) {
		return (Integer) broker.getDetails().get("queuedRequests");
	}

	@Test
	void hostilePeersAreDroppedAndTheBrokerKeepsServing() {
		worker("echo", (request) -> request);
		Random random = new Random(42);
		try (ZMQ.Socket hostile = rawSocket(SocketType.DEALER)) {
			hostile.setLinger(0);
			hostile.setSndHWM(0);
			hostile.connect(this.endpoint);
			byte[][] headers = { "MDPC01".getBytes(), "MDPW01".getBytes(), "MDPX99".getBytes(), new byte[0] };
			for (int i = 0; i < 5000; i++) {
				int frames = random.nextInt(5);
				List<byte[]> message = new ArrayList<>();
				switch (i % 6) {
					case 0 -> message.add(randomBytes(random, 20)); // no empty delimiter
					case 1 -> { // empty + unknown or missing header
						message.add(new byte[0]);
						message.add(headers[2 + random.nextInt(2)]);
					}
					case 2 -> { // client without service
						message.add(new byte[0]);
						message.add(headers[0]);
					}
					case 3 -> { // worker commands out of protocol
						message.add(new byte[0]);
						message.add(headers[1]);
						message.add(new byte[] { (byte) random.nextInt(8) });
					}
					case 4 -> { // worker without command
						message.add(new byte[0]);
						message.add(headers[1]);
					}
					default -> message.add(new byte[0]);
				}
				for (int f = 0; f < frames; f++) {
					message.add(randomBytes(random, 30));
				}
				for (int f = 0; f < message.size(); f++) {
					hostile.send(message.get(f), (f < message.size() - 1) ? ZMQ.SNDMORE : 0);
				}
			}
			// an oversized frame: JeroMQ drops that connection (max-message-size 1MB)
			try (ZMQ.Socket big = rawSocket(SocketType.DEALER)) {
				big.setLinger(0);
				big.connect(this.endpoint);
				big.send(new byte[0], ZMQ.SNDMORE);
				big.send("MDPC01", ZMQ.SNDMORE);
				big.send("echo", ZMQ.SNDMORE);
				big.send(new byte[2 * 1024 * 1024], 0);
			}
			await().atMost(WAIT).until(() -> this.broker.getCounters().getDropped() >= 2500);
		}
		MajordomoClient client = client(Duration.ofSeconds(5), 2);
		assertThat(client.request("echo", "still here", String.class)).isEqualTo("still here");
		assertThat(this.broker.getState()).isEqualTo(ZmqActorState.RUNNING);
	}

	private static byte[] randomBytes(Random random, int max) {
		byte[] bytes = new byte[random.nextInt(max) + 1];
		random.nextBytes(bytes);
		return bytes;
	}

	@Test
	void protocolViolationsGetDisconnect() {
		try (ZMQ.Socket rogue = rawSocket(SocketType.DEALER)) {
			rogue.setLinger(0);
			rogue.setReceiveTimeOut(10_000);
			rogue.connect(this.endpoint);
			// REPLY from a worker that never sent READY
			rogue.send(new byte[0], ZMQ.SNDMORE);
			rogue.send("MDPW01", ZMQ.SNDMORE);
			rogue.send(new byte[] { MdpProtocol.REPLY }, ZMQ.SNDMORE);
			rogue.send("client", ZMQ.SNDMORE);
			rogue.send(new byte[0], ZMQ.SNDMORE);
			rogue.send("body", 0);
			assertDisconnect(rogue);
			// READY twice
			rogue.send(new byte[0], ZMQ.SNDMORE);
			rogue.send("MDPW01", ZMQ.SNDMORE);
			rogue.send(new byte[] { MdpProtocol.READY }, ZMQ.SNDMORE);
			rogue.send("svc", 0);
			await().atMost(WAIT).until(() -> workers(this.broker, "svc") == 1);
			rogue.send(new byte[0], ZMQ.SNDMORE);
			rogue.send("MDPW01", ZMQ.SNDMORE);
			rogue.send(new byte[] { MdpProtocol.READY }, ZMQ.SNDMORE);
			rogue.send("svc", 0);
			assertDisconnect(rogue);
			await().atMost(WAIT).until(() -> workers(this.broker, "svc") == 0);
			// registering a reserved mmi.* service
			rogue.send(new byte[0], ZMQ.SNDMORE);
			rogue.send("MDPW01", ZMQ.SNDMORE);
			rogue.send(new byte[] { MdpProtocol.READY }, ZMQ.SNDMORE);
			rogue.send("mmi.service", 0);
			assertDisconnect(rogue);
		}
	}

	private static void assertDisconnect(ZMQ.Socket socket) {
		while (true) {
			ZMsg msg = ZMsg.recvMsg(socket);
			assertThat(msg).as("DISCONNECT from the broker").isNotNull();
			assertThat(msg.popString()).isEmpty();
			assertThat(msg.popString()).isEqualTo("MDPW01");
			byte command = msg.pop().getData()[0];
			if (command == MdpProtocol.HEARTBEAT) {
				continue;
			}
			assertThat(command).isEqualTo(MdpProtocol.DISCONNECT);
			return;
		}
	}

	@Test
	void aWorkerKilledMidRequestIsReplacedAndTheClientRetrySucceeds() throws Exception {
		MajordomoClient client = client(Duration.ofMillis(1000), 5);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (ZMQ.Socket doomed = rawSocket(SocketType.DEALER)) {
			doomed.setLinger(0);
			doomed.setReceiveTimeOut(10_000);
			doomed.connect(this.endpoint);
			doomed.send(new byte[0], ZMQ.SNDMORE);
			doomed.send("MDPW01", ZMQ.SNDMORE);
			doomed.send(new byte[] { MdpProtocol.READY }, ZMQ.SNDMORE);
			doomed.send("job", 0);
			await().atMost(WAIT).until(() -> workers(this.broker, "job") == 1);
			Future<String> answer = executor.submit(() -> client.request("job", "work", String.class));
			ZMsg request;
			do {
				request = ZMsg.recvMsg(doomed);
				assertThat(request).isNotNull();
			}
			while (request.size() < 4 || ((org.zeromq.ZFrame) request.toArray()[2]).getData()[0] != MdpProtocol.REQUEST);
			// the worker dies holding the request: its socket closes without a reply
			doomed.close();
			worker("job", (req) -> MajordomoTestSupport.prefixed("done:", req));
			assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("done:work");
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void workersReRegisterByThemselvesAfterABrokerRestart() {
		worker("echo", (request) -> MajordomoTestSupport.prefixed("echo:", request));
		MajordomoClient client = client(Duration.ofSeconds(2), 5);
		assertThat(client.request("echo", "before", String.class)).isEqualTo("echo:before");
		this.broker.stop();
		await().atMost(WAIT).until(() -> this.broker.getState() == ZmqActorState.STOPPED);
		// the old listener is closed asynchronously by JeroMQ's I/O thread: bind again until the port is free
		await().atMost(WAIT).ignoreExceptions().until(() -> {
			this.broker = MajordomoTestSupport.broker(this.factory, this.endpoint, HEARTBEAT);
			return true;
		});
		assertThat(this.broker.getEndpoints()).containsExactly(this.endpoint);
		await().atMost(WAIT).until(() -> workers(this.broker, "echo") == 1);
		assertThat(client.request("echo", "after", String.class)).isEqualTo("echo:after");
		// the same component stopped and started again (as the zmq actuator endpoint does) keeps its port
		this.broker.stop();
		this.broker.start();
		assertThat(this.broker.getEndpoints()).containsExactly(this.endpoint);
		await().atMost(WAIT).until(() -> workers(this.broker, "echo") == 1);
		assertThat(client.request("echo", "again", String.class)).isEqualTo("echo:again");
	}

	@Test
	void tenAsyncClientsGetEveryReplyExactlyOnceFromFourWorkers() {
		for (int w = 0; w < 4; w++) {
			worker("echo", (request) -> request);
		}
		await().atMost(WAIT).until(() -> workers(this.broker, "echo") == 4);
		int clientCount = 10;
		int perClient = 1000;
		List<List<CompletableFuture<String>>> futures = new ArrayList<>();
		List<MajordomoClient> asyncClients = new ArrayList<>();
		for (int c = 0; c < clientCount; c++) {
			asyncClients.add(client(Duration.ofSeconds(20), 0));
			futures.add(new ArrayList<>());
		}
		for (int i = 0; i < perClient; i++) {
			for (int c = 0; c < clientCount; c++) {
				futures.get(c).add(asyncClients.get(c).requestAsync("echo", "client-" + c + "-request-" + i, String.class));
			}
		}
		for (int c = 0; c < clientCount; c++) {
			for (int i = 0; i < perClient; i++) {
				assertThat(futures.get(c).get(i).orTimeout(60, TimeUnit.SECONDS).join())
					.isEqualTo("client-" + c + "-request-" + i);
			}
			assertThat(asyncClients.get(c).getAsyncCounters().getDropped()).isZero();
			assertThat(asyncClients.get(c).getAsyncCounters().getMessagesIn()).isEqualTo(perClient);
		}
		await().atMost(WAIT)
			.until(() -> ((Number) this.broker.getDetails().get("requestsServed")).longValue() == clientCount * perClient);
	}

	@Test
	void manyThreadsShareOneClient() throws Exception {
		worker("echo", (request) -> request);
		MajordomoClient client = client(Duration.ofSeconds(10), 1);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				int thread = t;
				results.add(executor.submit(() -> {
					for (int i = 0; i < 100; i++) {
						String text = "t" + thread + "-" + i;
						if (!text.equals(client.request("echo", text, String.class))) {
							return false;
						}
					}
					return true;
				}));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void errorReplyFramesAreTheDocumentedFormat() {
		worker("fail", (request) -> {
			throw new IllegalArgumentException("bad input");
		});
		try (ZMQ.Socket raw = rawSocket(SocketType.DEALER)) {
			raw.setLinger(0);
			raw.setReceiveTimeOut(10_000);
			raw.connect(this.endpoint);
			raw.send(new byte[0], ZMQ.SNDMORE);
			raw.send("MDPC01", ZMQ.SNDMORE);
			raw.send("fail", ZMQ.SNDMORE);
			raw.send("x", 0);
			ZMsg reply = ZMsg.recvMsg(raw);
			assertThat(reply.popString()).isEmpty();
			assertThat(reply.popString()).isEqualTo("MDPC01");
			assertThat(reply.popString()).isEqualTo("fail");
			assertThat(reply.size()).isEqualTo(2);
			assertThat(new String(reply.pop().getData(), StandardCharsets.US_ASCII)).isEqualTo(ZmqErrorReply.MARKER);
			assertThat(reply.popString()).isEqualTo("java.lang.IllegalArgumentException: bad input");
		}
	}

	@Test
	void aWorkerReconnectsWithAFreshSocketAfterDisconnect() {
		try (ZMQ.Socket fakeBroker = rawSocket(SocketType.ROUTER)) {
			fakeBroker.setLinger(0);
			fakeBroker.setReceiveTimeOut(10_000);
			fakeBroker.bind("tcp://127.0.0.1:*");
			this.actors.add(MajordomoTestSupport.worker(this.factory,
					MajordomoTestSupport.protocol(fakeBroker.getLastEndpoint(), Duration.ofSeconds(5)), "echo",
					(request) -> request));
			byte[] first = awaitReady(fakeBroker);
			fakeBroker.send(first, ZMQ.SNDMORE);
			fakeBroker.send(new byte[0], ZMQ.SNDMORE);
			fakeBroker.send("MDPW01", ZMQ.SNDMORE);
			fakeBroker.send(new byte[] { MdpProtocol.DISCONNECT }, 0);
			byte[] second = awaitReady(fakeBroker);
			assertThat(second).as("a fresh socket has a new routing id").isNotEqualTo(first);
		}
	}

	private static byte[] awaitReady(ZMQ.Socket router) {
		while (true) {
			ZMsg msg = ZMsg.recvMsg(router);
			assertThat(msg).as("READY from the worker").isNotNull();
			byte[] identity = msg.pop().getData();
			assertThat(msg.popString()).isEmpty();
			assertThat(msg.popString()).isEqualTo("MDPW01");
			if (msg.pop().getData()[0] == MdpProtocol.READY) {
				assertThat(msg.popString()).isEqualTo("echo");
				return identity;
			}
		}
	}

}
