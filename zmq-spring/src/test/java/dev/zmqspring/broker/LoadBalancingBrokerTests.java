package dev.zmqspring.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Guide ch.3 load-balancing broker with Java and libzmq workers. */
class LoadBalancingBrokerTests {

	final BrokerTestSupport support = new BrokerTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	ZmqBroker start() {
		return this.support.broker(ZmqBrokerType.LOAD_BALANCING, "@tcp://127.0.0.1:*", "@tcp://127.0.0.1:*",
				Duration.ofSeconds(1));
	}

	@Test
	void threeWorkersOfDifferentSpeedsAnswerEveryRequestOnceAndTheFastOneTakesMore() throws Exception {
		ZmqBroker broker = start();
		String frontend = broker.getEndpoints().get(0);
		String backend = broker.getEndpoints().get(1);
		Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
		// speed without sleeping: the slower workers need a ticket per request, and only the fast worker
		// hands out tickets (medium: one per 3 fast requests, slow: one per 10); a bounded wait keeps the
		// tail of the run moving once the fast worker has nothing left to do
		Semaphore medium = new Semaphore(0);
		Semaphore slow = new Semaphore(0);
		LoadBalancingWorkerProtocol protocol = new LoadBalancingWorkerProtocol();
		this.support.worker(protocol, "fast", ">" + backend, (request) -> {
			int n = handled.computeIfAbsent("fast", (k) -> new AtomicInteger()).incrementAndGet();
			if (n % 3 == 0) {
				medium.release();
			}
			if (n % 10 == 0) {
				slow.release();
			}
			return BrokerTestSupport.reply("fast:" + request.peekFirst().getString(ZMQ.CHARSET));
		});
		this.support.worker(protocol, "medium", ">" + backend, (request) -> {
			take(medium);
			handled.computeIfAbsent("medium", (k) -> new AtomicInteger()).incrementAndGet();
			return BrokerTestSupport.reply("medium:" + request.peekFirst().getString(ZMQ.CHARSET));
		});
		this.support.worker(protocol, "slow", ">" + backend, (request) -> {
			take(slow);
			handled.computeIfAbsent("slow", (k) -> new AtomicInteger()).incrementAndGet();
			return BrokerTestSupport.reply("slow:" + request.peekFirst().getString(ZMQ.CHARSET));
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> broker.getIdleWorkers() == 3);

		ZmqTemplate template = this.support.template(Duration.ofSeconds(60), 0); // no retries: exactly once
		Set<String> answered = ConcurrentHashMap.newKeySet();
		ExecutorService clients = Executors.newFixedThreadPool(10);
		try {
			List<Future<?>> futures = new java.util.ArrayList<>();
			for (int c = 0; c < 10; c++) {
				int client = c;
				futures.add(clients.submit(() -> {
					for (int i = 0; i < 30; i++) {
						String request = "r" + client + "-" + i;
						String reply = template.request(frontend, request, String.class);
						assertThat(reply).endsWith(":" + request);
						assertThat(answered.add(request)).as("answered once: " + request).isTrue();
					}
					template.releaseThreadSockets();
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(100, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(answered).hasSize(300);
		int fast = handled.get("fast").get();
		int mediumCount = handled.getOrDefault("medium", new AtomicInteger()).get();
		int slowCount = handled.getOrDefault("slow", new AtomicInteger()).get();
		assertThat(fast + mediumCount + slowCount).isEqualTo(300);
		assertThat(fast).isGreaterThan(mediumCount).isGreaterThan(slowCount);
		assertThat(broker.getCounters().getMessagesIn()).isGreaterThanOrEqualTo(600); // 300 requests + 300 replies
		assertThat(broker.getCounters().getDropped()).isZero();
		assertThat(broker.getQueuedRequests()).isZero();
	}

	private static void take(Semaphore ticket) {
		try {
			ticket.tryAcquire(200, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void requestsQueueWhileNoWorkerIsIdle() {
		ZmqBroker broker = start();
		String frontend = broker.getEndpoints().get(0);
		ZmqTemplate template = this.support.template(Duration.ofSeconds(30), 0);
		java.util.concurrent.CompletableFuture<String> pending = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> template.request(frontend, "early", String.class));
		await().atMost(Duration.ofSeconds(10)).until(() -> broker.getQueuedRequests() == 1);
		this.support.worker(new LoadBalancingWorkerProtocol(), "late", ">" + broker.getEndpoints().get(1),
				(request) -> BrokerTestSupport.reply("late:" + request.peekFirst().getString(ZMQ.CHARSET)));
		assertThat(pending.join()).isEqualTo("late:early");
		assertThat(broker.getQueuedRequests()).isZero();
	}

	@Test
	void libzmqWorkersWithBothReadyFramesAndLibzmqClient() {
		PythonPeer.assumeAvailable();
		ZmqBroker broker = start();
		String frontend = broker.getEndpoints().get(0);
		String backend = broker.getEndpoints().get(1);
		try (PythonPeer modern = PythonPeer.script("lb_worker.py").option("connect", backend).option("name", "modern")
				.start();
				PythonPeer classic = PythonPeer.script("lb_worker.py").option("connect", backend)
						.option("name", "classic").option("ready-frame", "READY").start()) {
			modern.awaitReady(Duration.ofSeconds(20));
			classic.awaitReady(Duration.ofSeconds(20));
			await().atMost(Duration.ofSeconds(10)).until(() -> broker.getIdleWorkers() == 2);
			ZmqTemplate template = this.support.template(Duration.ofSeconds(10), 0);
			Set<String> workers = ConcurrentHashMap.newKeySet();
			for (int i = 0; i < 20; i++) {
				String reply = template.request(frontend, "job" + i, String.class);
				assertThat(reply).endsWith(":job" + i);
				workers.add(reply.substring(0, reply.indexOf(':')));
			}
			assertThat(workers).containsExactlyInAnyOrder("modern", "classic");
			try (PythonPeer client = PythonPeer.script("req_client.py").option("connect", frontend)
					.option("count", "10").start()) {
				client.awaitLine("DONE", Duration.ofSeconds(30));
			}
		}
	}

	@Test
	void dealerClientWithExplicitDelimiterIsServed() {
		ZmqBroker broker = start();
		this.support.worker(new LoadBalancingWorkerProtocol(), "w", ">" + broker.getEndpoints().get(1),
				(request) -> BrokerTestSupport.reply("ok"));
		try (ZMQ.Socket dealer = this.support.rawSocket(SocketType.DEALER)) {
			dealer.connect(broker.getEndpoints().get(0));
			dealer.setReceiveTimeOut(10_000);
			dealer.sendMore("");
			dealer.send("hi");
			assertThat(dealer.recvStr()).isEmpty();
			assertThat(dealer.recvStr()).isEqualTo("ok");
		}
	}

	@Test
	void malformedMessagesAreDroppedAndCountedAndDoNotRegisterWorkers() {
		ZmqBroker broker = start();
		try (ZMQ.Socket client = this.support.rawSocket(SocketType.DEALER);
				ZMQ.Socket impostor = this.support.rawSocket(SocketType.DEALER)) {
			client.connect(broker.getEndpoints().get(0));
			impostor.connect(broker.getEndpoints().get(1));
			for (int i = 0; i < 500; i++) {
				client.send("no delimiter");
				impostor.sendMore("");
				impostor.send("NOT-READY");
				impostor.send("no delimiter");
			}
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(broker.getCounters().getDropped()).isEqualTo(1500));
			assertThat(broker.getIdleWorkers() + broker.getBusyWorkers()).as("no worker registered").isZero();
		}
		this.support.worker(new LoadBalancingWorkerProtocol(), "honest", ">" + broker.getEndpoints().get(1),
				(request) -> BrokerTestSupport.reply("served"));
		ZmqTemplate template = this.support.template(Duration.ofSeconds(5), 1);
		assertThat(template.request(broker.getEndpoints().get(0), "after the storm", String.class)).isEqualTo("served");
	}

}
