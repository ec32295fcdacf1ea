package dev.zmqspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.test.PythonPeer;
import dev.zmqspring.support.ZmqEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Guide ch.4 Paranoid Pirate queue (spec 6/PPP) with Java and libzmq workers and hostile peers. */
class ParanoidPirateQueueTests {

	static final Duration HEARTBEAT = Duration.ofMillis(100);

	final BrokerTestSupport support = new BrokerTestSupport();

	final ParanoidPirateWorkerProtocol protocol = new ParanoidPirateWorkerProtocol(HEARTBEAT, 3,
			Duration.ofMillis(100), Duration.ofSeconds(1));

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	ZmqBroker start(String frontend, String backend) {
		return this.support.broker(ZmqBrokerType.PARANOID_PIRATE, frontend, backend, HEARTBEAT);
	}

	ZmqActor echoWorker(String name, String backend, AtomicInteger handled) {
		return this.support.worker(this.protocol, name, ">" + backend, (request) -> {
			handled.incrementAndGet();
			return BrokerTestSupport.reply(name + ":" + request.peekFirst().getString(ZMQ.CHARSET));
		});
	}

	@Test
	void aWorkerKilledUnderLoadLosesNoRequestForLazyPirateClients() throws Exception {
		ZmqBroker queue = start("@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		String frontend = queue.getEndpoints().get(0);
		String backend = queue.getEndpoints().get(1);
		AtomicInteger handled = new AtomicInteger();
		try (ZMQ.Socket victim = this.support.rawSocket(SocketType.DEALER)) {
			// the victim registers first, so it is the least recently used worker and gets the first request;
			// it heartbeats like a live worker until then: the queue forgets a silent worker after 3 heartbeat
			// intervals (300 ms), which two fresh workers' start and handshakes can outlast on a busy machine
			victim.connect(backend);
			victim.send(new byte[] { 0x01 });
			await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(HEARTBEAT)
				.until(() -> heartbeat(victim) && queue.getIdleWorkers() == 1);
			echoWorker("a", backend, handled);
			echoWorker("b", backend, handled);
			await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(HEARTBEAT)
				.until(() -> heartbeat(victim) && queue.getIdleWorkers() == 3);

			ZmqTemplate template = this.support.template(Duration.ofMillis(500), 5);
			ExecutorService clients = Executors.newFixedThreadPool(4);
			List<Future<Integer>> results = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				int client = c;
				results.add(clients.submit(() -> {
					int ok = 0;
					for (int i = 0; i < 25; i++) {
						String request = "c" + client + "-" + i;
						assertThat(template.request(frontend, request, String.class)).endsWith(":" + request);
						ok++;
					}
					template.releaseThreadSockets();
					return ok;
				}));
			}
			// the victim takes a request and dies without a reply or a goodbye
			assertThat(awaitRequest(victim, Duration.ofSeconds(10))).as("the victim got a request").isTrue();
			victim.setLinger(0);
			victim.close();
			int total = 0;
			for (Future<Integer> result : results) {
				total += result.get(100, TimeUnit.SECONDS);
			}
			clients.shutdownNow();
			assertThat(total).isEqualTo(100);
			assertThat(handled.get()).isGreaterThanOrEqualTo(100);
			// the dead worker is purged once its liveness expired
			await().atMost(Duration.ofSeconds(10))
				.until(() -> queue.getIdleWorkers() + queue.getBusyWorkers() == 2);
		}
	}

	/** A worker's heartbeat ({@code 0x02}) from a raw DEALER; always true, for a wait's condition. */
	private static boolean heartbeat(ZMQ.Socket worker) {
		worker.send(new byte[] { 0x02 }, ZMQ.DONTWAIT);
		return true;
	}

	/**
	 * Heartbeats each interval until a request (more than the queue's one-frame heartbeat) arrives.
	 * @return whether one arrived within the timeout
	 */
	private static boolean awaitRequest(ZMQ.Socket worker, Duration timeout) {
		worker.setReceiveTimeOut((int) HEARTBEAT.toMillis());
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			ZMsg message = ZMsg.recvMsg(worker);
			if (message != null && message.size() > 1) {
				return true;
			}
			heartbeat(worker);
		}
		return false;
	}

	@Test
	void workersReconnectByThemselvesWhenTheQueueRestarts() {
		ZmqBroker first = start("@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		String frontend = first.getEndpoints().get(0);
		String backend = first.getEndpoints().get(1);
		AtomicInteger handled = new AtomicInteger();
		ZmqActor a = echoWorker("a", backend, handled);
		echoWorker("b", backend, handled);
		await().atMost(Duration.ofSeconds(10)).until(() -> first.getIdleWorkers() == 2);
		ZmqTemplate template = this.support.template(Duration.ofSeconds(2), 3);
		assertThat(template.request(frontend, "before", String.class)).endsWith(":before");

		first.stop();
		assertThat(first.getState()).isEqualTo(ZmqActorState.STOPPED);
		// JeroMQ releases a listening port asynchronously after close: retry the bind until it is free
		ZmqBroker[] restarted = new ZmqBroker[1];
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
			restarted[0] = start("@" + frontend, "@" + backend);
			return true;
		});
		ZmqBroker second = restarted[0];
		await().atMost(Duration.ofSeconds(20)).until(() -> second.getIdleWorkers() == 2);
		assertThat(template.request(frontend, "after", String.class)).endsWith(":after");
		assertThat(a.getState()).isEqualTo(ZmqActorState.RUNNING);
	}

	@Test
	void aWorkerOfAPairOfQueuesFailsOverToTheOtherQueueWhenItsQueueStops() {
		ZmqBroker first = start("@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		ZmqBroker second = start("@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		AtomicInteger handled = new AtomicInteger();
		// Binary Star (Guide ch.4): one worker, the backends of both queues as a pair
		ZmqActor worker = this.support.worker(this.protocol, "pair",
				">" + first.getEndpoints().get(1) + "|>" + second.getEndpoints().get(1), (request) -> {
					handled.incrementAndGet();
					return BrokerTestSupport.reply("pair:" + request.peekFirst().getString(ZMQ.CHARSET));
				});
		await().atMost(Duration.ofSeconds(10)).until(() -> first.getIdleWorkers() == 1);
		assertThat(second.getIdleWorkers()).as("connected to one queue at a time").isZero();
		ZmqTemplate template = this.support.template(Duration.ofSeconds(2), 3);
		assertThat(template.request(first.getEndpoints().get(0), "one", String.class)).isEqualTo("pair:one");

		first.stop();
		await().atMost(Duration.ofSeconds(20)).until(() -> second.getIdleWorkers() == 1);
		assertThat(template.request(second.getEndpoints().get(0), "two", String.class)).isEqualTo("pair:two");
		assertThat(handled).hasValue(2);
		assertThat(worker.getState()).isEqualTo(ZmqActorState.RUNNING);
	}

	@Test
	void workerReconnectsWithAFreshSocketWhenTheQueueIsSilent() {
		// a "queue" that never answers: the worker gives up after liveness intervals and reconnects
		try (ZMQ.Socket silent = this.support.rawSocket(SocketType.ROUTER)) {
			silent.bind("tcp://127.0.0.1:*");
			ParanoidPirateWorker[] worker = new ParanoidPirateWorker[1];
			ZmqActor actor = new ZmqActor("silent-test", this.support.factory,
					(worker[0] = (ParanoidPirateWorker) this.protocol.createWorker(
							new dev.zmqspring.listener.ZmqWorkerDefinition("w", 0,
									List.of(dev.zmqspring.support.ZmqEndpoint.connect(silent.getLastEndpoint())), "", "",
									"test"),
							(request) -> request)));
			actor.start(Duration.ofSeconds(5));
			try {
				silent.setReceiveTimeOut(10_000);
				byte[] firstIdentity = silent.recv();
				assertThat(silent.recv()).containsExactly(0x01);
				await().atMost(Duration.ofSeconds(20)).until(() -> worker[0].getReconnects() >= 2);
				byte[] identity;
				byte[] command;
				do {
					identity = silent.recv();
					command = silent.recv();
				}
				while (command[0] != 0x01 || java.util.Arrays.equals(identity, firstIdentity));
				assertThat(identity).as("a fresh socket has a fresh identity").isNotEqualTo(firstIdentity);
			}
			finally {
				actor.stop(Duration.ofSeconds(5));
			}
		}
	}

	@Test
	@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
	void hostilePeersAreDroppedAndCountedAndTheQueueKeepsServing(
			org.springframework.boot.test.system.CapturedOutput output) {
		ZmqBroker queue = start("@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		String frontend = queue.getEndpoints().get(0);
		String backend = queue.getEndpoints().get(1);
		int garbage = 0;
		try (ZMQ.Socket client = this.support.rawSocket(SocketType.DEALER);
				ZMQ.Socket worker = this.support.rawSocket(SocketType.DEALER)) {
			client.connect(frontend);
			worker.connect(backend);
			for (int i = 0; i < 1000; i++) {
				client.send("no delimiter " + i); // [body] without [""]
				client.send(""); // delimiter without body
				worker.send(new byte[] { 0x07 }); // unknown command
				worker.sendMore("no");
				worker.send("delimiter"); // neither command nor reply
				garbage += 4;
			}
			for (int i = 0; i < 100; i++) { // more than 64 frames
				for (int f = 0; f < 70; f++) {
					client.sendMore("x");
				}
				client.send("x");
				garbage++;
			}
			int expected = garbage;
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(queue.getCounters().getDropped()).isEqualTo(expected));
		}
		try (ZMQ.Socket oversized = this.support.rawSocket(SocketType.DEALER)) {
			oversized.connect(frontend);
			oversized.sendMore("");
			oversized.send(new byte[128 * 1024]); // beyond max-message-size: ZeroMQ drops the connection
		}
		AtomicInteger handled = new AtomicInteger();
		echoWorker("good", backend, handled);
		ZmqTemplate template = this.support.template(Duration.ofSeconds(2), 3);
		assertThat(template.request(frontend, "still there?", String.class)).isEqualTo("good:still there?");
		assertThat(queue.getState()).isEqualTo(ZmqActorState.RUNNING);
		// thousands of drops, logged once per peer per minute: one line for the client, one for the worker
		assertThat(output.getAll().split("dropped a message from", -1)).hasSize(3);
	}

	@Test
	void libzmqPiratesInteroperate() {
		PythonPeer.assumeAvailable();
		ZmqBroker queue = start("@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*");
		String frontend = queue.getEndpoints().get(0);
		String backend = queue.getEndpoints().get(1);
		try (PythonPeer steady = PythonPeer.script("ppp_worker.py").option("connect", backend)
				.option("name", "steady").option("heartbeat-ms", "100").start();
				PythonPeer crasher = PythonPeer.script("ppp_worker.py").option("connect", backend)
						.option("name", "crasher").option("heartbeat-ms", "100").option("crash-after", "3").start()) {
			steady.awaitReady(Duration.ofSeconds(20));
			crasher.awaitReady(Duration.ofSeconds(20));
			await().atMost(Duration.ofSeconds(10)).until(() -> queue.getIdleWorkers() == 2);
			// a libzmq Lazy Pirate client; the crasher dies on its 4th request, retries go to the survivor
			try (PythonPeer client = PythonPeer.script("lpclient.py").option("connect", frontend)
					.option("count", "20").option("timeout-ms", "1000").option("retries", "5").start()) {
				client.awaitLine("DONE", Duration.ofSeconds(60));
			}
			crasher.awaitLine("CRASH", Duration.ofSeconds(5));
			// and a Java Lazy Pirate client
			ZmqTemplate template = this.support.template(Duration.ofSeconds(1), 3);
			assertThat(template.request(frontend, "java", String.class)).isEqualTo("steady:java");
		}
	}

}
