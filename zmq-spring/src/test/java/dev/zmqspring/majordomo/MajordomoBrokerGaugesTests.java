package dev.zmqspring.majordomo;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.broker.WorkerGauges;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Majordomo broker reports the same worker gauges as the load-balancing broker and the Paranoid
 * Pirate queue (the broker kit's {@link WorkerGauges}): idle and busy workers and queued requests,
 * also as the {@code workers} and {@code queuedRequests} details. Real sockets on loopback.
 */
class MajordomoBrokerGaugesTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Duration HEARTBEAT = Duration.ofMillis(500);

	private ZContext context;

	private ZmqSocketFactory factory;

	private MajordomoBroker broker;

	private MajordomoClient client;

	private final CountDownLatch release = new CountDownLatch(1);

	private ZmqActor echo;

	private ZmqActor slow;

	@BeforeEach
	void setUp() {
		this.context = new ZContext();
		this.factory = new ZmqSocketFactory(this.context, ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));
		this.broker = MajordomoTestSupport.broker(this.factory, "tcp://127.0.0.1:*", HEARTBEAT);
		String endpoint = this.broker.getEndpoints().get(0);
		MajordomoWorkerProtocol protocol = MajordomoTestSupport.protocol(endpoint, HEARTBEAT);
		this.echo = MajordomoTestSupport.worker(this.factory, protocol, "echo", (request) -> request);
		this.slow = MajordomoTestSupport.worker(this.factory, protocol, "slow", (request) -> {
			try {
				this.release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return request;
		});
		this.client = new MajordomoClient(this.factory, ZmqMessageConverters.defaults(), endpoint, WAIT, 0, 16, -1);
	}

	@AfterEach
	void tearDown() {
		this.release.countDown();
		this.client.destroy();
		this.echo.stop(Duration.ofSeconds(5));
		this.slow.stop(Duration.ofSeconds(5));
		this.broker.stop();
		this.context.close();
	}

	@Test
	void reportsIdleAndBusyWorkersAndQueuedRequests() {
		await().atMost(WAIT).until(() -> this.broker.getWorkerGauges().idleWorkers() == 2);
		assertThat(this.broker.getWorkerGauges().busyWorkers()).isZero();
		assertThat(this.broker.getWorkerGauges().queuedRequests()).isZero();

		CompletableFuture<String> handled = this.client.requestAsync("slow", "hi", String.class);
		await().atMost(WAIT).until(() -> this.broker.getWorkerGauges().busyWorkers() == 1);
		assertThat(this.broker.getWorkerGauges().idleWorkers()).isEqualTo(1);

		this.client.requestAsync("nobody", "hi", String.class); // no worker for it: queued
		await().atMost(WAIT).until(() -> this.broker.getWorkerGauges().queuedRequests() == 1);
		assertThat(this.broker.getDetails()).containsEntry("queuedRequests", 1)
			.containsEntry("workers", Map.of("idle", 1, "busy", 1))
			.containsKeys("services", "requestsServed", "type");

		this.release.countDown();
		assertThat(handled.join()).isEqualTo("hi");
		await().atMost(WAIT).until(() -> this.broker.getWorkerGauges().idleWorkers() == 2 && this.broker.getWorkerGauges().busyWorkers() == 0);

		this.broker.stop();
		assertThat(this.broker.getWorkerGauges().idleWorkers()).isZero();
		assertThat(this.broker.getWorkerGauges().queuedRequests()).isZero();
	}

}
