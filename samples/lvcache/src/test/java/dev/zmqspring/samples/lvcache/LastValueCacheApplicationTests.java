package dev.zmqspring.samples.lvcache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = { "zmq.proxies.prices.frontend=@tcp://127.0.0.1:*",
		"zmq.proxies.prices.backend=@tcp://127.0.0.1:*,@inproc://prices", "prices.interval=1h" })
class LastValueCacheApplicationTests {

	@Autowired
	LateSubscriber subscriber;

	@Autowired
	PricePublisher publisher;

	@Test
	void aSubscriberJoiningAfterThePricesGetsEveryLastPriceFromTheCache() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.subscriber.getPrices().size() == 10);
		// one round only (the next is an hour away): every price came from the cache
		assertThat(this.publisher.getRounds()).isEqualTo(1);
		assertThat(this.subscriber.getPrices()).containsKeys("PRICE.A", "PRICE.J");
	}

}
