package dev.zmqspring.broker.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqCounters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ROUTER_MANDATORY sender of the broker kit, on real sockets: routed, unknown and full peers. */
class RouterSenderTests {

	private final ZContext context = new ZContext();

	private final ZmqCounters counters = new ZmqCounters();

	@AfterEach
	void close() {
		this.context.close();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	@Test
	void routesAMessageToAKnownPeer() {
		ZMQ.Socket router = this.context.createSocket(SocketType.ROUTER);
		RouterSender sender = new RouterSender(router, this.counters);
		int port = router.bindToRandomPort("tcp://127.0.0.1");
		ZMQ.Socket dealer = this.context.createSocket(SocketType.DEALER);
		dealer.setIdentity(bytes("W1"));
		dealer.setReceiveTimeOut(5000);
		dealer.connect("tcp://127.0.0.1:" + port);
		dealer.send("hello");
		assertThat(router.recv(0)).isEqualTo(bytes("W1")); // the peer is known now
		assertThat(router.recvStr(0)).isEqualTo("hello");

		assertThat(sender.routeTo(bytes("W1"))).isTrue();
		sender.more(bytes(""));
		sender.frame(bytes("a"), true);
		sender.last(bytes("b"));

		assertThat(dealer.recv(0)).isEmpty();
		assertThat(dealer.recvStr(0)).isEqualTo("a");
		assertThat(dealer.recvStr(0)).isEqualTo("b");
		assertThat(dealer.hasReceiveMore()).isFalse();
		assertThat(this.counters.getDropped()).isZero();
	}

	@Test
	void anUnknownPeerIsNotRoutableAndNothingIsSent() {
		ZMQ.Socket router = this.context.createSocket(SocketType.ROUTER);
		RouterSender sender = new RouterSender(router, this.counters);
		router.bind("inproc://router-sender-unknown");

		assertThat(sender.routeTo(bytes("nobody"))).isFalse();
		assertThat(this.counters.getDropped()).isZero();
		assertThat(sender.routeOrDrop(new zmq.Msg(bytes("nobody")))).isFalse();
		assertThat(this.counters.getDropped()).isEqualTo(1);
	}

	@Test
	void aPeerThatDoesNotReadIsNotRoutableOnceItsPipeIsFull() {
		ZMQ.Socket router = this.context.createSocket(SocketType.ROUTER);
		router.setSndHWM(10);
		RouterSender sender = new RouterSender(router, this.counters);
		router.bind("inproc://router-sender-full");
		ZMQ.Socket dealer = this.context.createSocket(SocketType.DEALER);
		dealer.setRcvHWM(10);
		dealer.setIdentity(bytes("slow"));
		dealer.connect("inproc://router-sender-full");
		dealer.send("ready");
		router.setReceiveTimeOut(5000);
		assertThat(router.recv(0)).isEqualTo(bytes("slow"));
		router.recv(0);

		int sent = 0;
		while (sender.routeOrDrop(bytes("slow"))) { // EAGAIN ends it: the loop never blocks
			sender.last(bytes("x"));
			sent++;
			assertThat(sent).isLessThan(100_000);
		}

		assertThat(sent).isPositive();
		assertThat(this.counters.getDropped()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> dealer.recv(ZMQ.DONTWAIT) != null);
	}

}
