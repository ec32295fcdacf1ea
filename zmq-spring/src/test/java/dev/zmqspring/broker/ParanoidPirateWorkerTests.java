package dev.zmqspring.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.support.ZmqEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Paranoid Pirate worker (Guide ch.4, spec 6/PPP) against a hand-driven ROUTER queue. */
class ParanoidPirateWorkerTests {

	private final BrokerTestSupport support = new BrokerTestSupport();

	@AfterEach
	void tearDown() {
		this.support.close();
	}

	@Test
	void malformedRequestsAreDroppedAndReportedToTheHandlerSoHealthCountsThem() {
		AtomicInteger dropped = new AtomicInteger();
		ZmqRequestHandler handler = new ZmqRequestHandler() {

			@Override
			public ZMsg handle(ZMsg request) {
				return request;
			}

			@Override
			public void dropped() {
				dropped.incrementAndGet();
			}

		};
		try (ZMQ.Socket queue = this.support.rawSocket(SocketType.ROUTER)) {
			queue.setReceiveTimeOut(10_000);
			queue.bind("tcp://127.0.0.1:*");
			ParanoidPirateWorkerProtocol protocol = new ParanoidPirateWorkerProtocol(Duration.ofSeconds(1), 3,
					Duration.ofSeconds(1), Duration.ofSeconds(2));
			ParanoidPirateWorker worker = (ParanoidPirateWorker) protocol.createWorker(new ZmqWorkerDefinition("w", 0,
					List.of(ZmqEndpoint.connect(queue.getLastEndpoint())), "", "", "test"), handler);
			ZmqActor actor = new ZmqActor("ppp-drop-test", this.support.factory, worker);
			actor.start(Duration.ofSeconds(5));
			try {
				byte[] identity = queue.recv();
				assertThat(queue.recv()).containsExactly(ParanoidPirateQueue.READY);

				queue.sendMore(identity);
				queue.sendMore("no");
				queue.send("delimiter"); // [no][delimiter]: not [address...][""][request...]
				queue.sendMore(identity);
				queue.sendMore("client");
				queue.sendMore("");
				queue.send("ping");

				assertThat(queue.recv()).isEqualTo(identity);
				assertThat(queue.recvStr()).isEqualTo("client"); // the worker kept serving
				await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 1);
				assertThat(worker.getCounters().getDropped()).isEqualTo(1);
			}
			finally {
				actor.stop(Duration.ofSeconds(5));
			}
		}
	}

}
