package dev.zmqspring.samples.lvcache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.listener.ZmqListenerRegistry;
import dev.zmqspring.proxy.ZmqProxy;

/**
 * A subscriber that joins late: its listener does not start with the application but once the cache
 * holds every symbol's price, long before the next update. The cache answers its subscription with
 * the last prices at once.
 */
@Component
public class LateSubscriber {

	private static final Log logger = LogFactory.getLog(LateSubscriber.class);

	private final ZmqListenerRegistry registry;

	private final ZmqProxy cache;

	private final int symbols;

	private final Map<String, String> prices = new ConcurrentHashMap<>();

	private volatile long joinedAt;

	public LateSubscriber(ZmqListenerRegistry registry, @Qualifier("zmqProxy.prices") ZmqProxy cache,
			@Value("${prices.symbols}") int symbols) {
		this.registry = registry;
		this.cache = cache;
		this.symbols = symbols;
	}

	@ZmqSubscriber(id = "late", endpoints = "inproc://prices", topics = "PRICE.", autoStartup = "false")
	void onPrice(@ZmqTopic String topic, String price) {
		this.prices.put(topic, price);
		if (this.prices.size() == this.symbols && this.joinedAt > 0) {
			logger.info("Late subscriber has all " + this.symbols + " prices " + (System.currentTimeMillis() - this.joinedAt)
					+ " ms after joining: " + new java.util.TreeMap<>(this.prices));
			this.joinedAt = 0;
		}
	}

	@Scheduled(fixedDelay = 100)
	public void joinOnceCached() {
		if (this.joinedAt == 0 && this.prices.isEmpty() && !this.registry.getListenerContainer("late").isRunning()
				&& ((Integer) this.cache.getDetails().get("cachedTopics")) >= this.symbols) {
			this.joinedAt = System.currentTimeMillis();
			logger.info("Joining after the cache holds " + this.symbols + " prices");
			this.registry.start("late");
		}
	}

	/** The prices received so far, by topic. */
	public Map<String, String> getPrices() {
		return Map.copyOf(this.prices);
	}

}
