package dev.zmqspring.samples.majordomo;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sample end to end: broker from properties, echo worker, client, MMI discovery (over inproc). */
@SpringBootTest(properties = { "zmq.brokers.main.endpoint=inproc://majordomo-sample",
		"zmq.majordomo.endpoint=inproc://majordomo-sample" })
class MajordomoApplicationTests {

	@Autowired
	EchoClient client;

	@Autowired
	MajordomoBroker broker;

	@Autowired
	MajordomoClient majordomo;

	@Test
	void theEchoServiceIsDiscoveredAndAnswers() {
		assertThat(this.client.echo("hi")).isEqualTo("hi");
		assertThat(this.client.isAvailable("echo")).isTrue();
		assertThat(this.client.isAvailable("nope")).isFalse();
		List<CompletableFuture<String>> later = IntStream.range(0, 100)
			.mapToObj((i) -> this.client.echoLater("async " + i))
			.toList();
		for (int i = 0; i < 100; i++) {
			assertThat(later.get(i).orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo("async " + i);
		}
		assertThat(this.broker.getDetails().get("services").toString()).contains("echo");
	}

	@Test
	void aFailingWorkerMethodGivesTheClientAnErrorReply() {
		assertThat(this.majordomo.request("shout", "hello", String.class)).isEqualTo("HELLO");
		assertThatThrownBy(() -> this.majordomo.request("shout", "", String.class))
			.isInstanceOf(ZmqRemoteException.class)
			.hasMessageContaining("nothing to shout");
	}

}
