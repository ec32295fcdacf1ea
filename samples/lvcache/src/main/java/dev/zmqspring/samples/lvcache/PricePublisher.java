package dev.zmqspring.samples.lvcache;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.proxy.ZmqProxy;

/**
 * Publishes {@code [PRICE.<symbol>][price]} for every symbol, a new price once per
 * {@code prices.interval}, to the cache's frontend (a remote publisher would connect to {@code tcp://cache-host:5557}).
 */
@Component
public class PricePublisher {

	private final ZmqTemplate zmq;

	private final ZmqProxy cache;

	private final int symbols;

	private final AtomicInteger rounds = new AtomicInteger();

	private final java.time.Duration interval;

	private final String[] prices;

	private long nextRound;

	public PricePublisher(ZmqTemplate zmq, @Qualifier("zmqProxy.prices") ZmqProxy cache,
			@Value("${prices.symbols}") int symbols, @Value("${prices.interval}") java.time.Duration interval) {
		this.zmq = zmq;
		this.cache = cache;
		this.symbols = symbols;
		this.interval = interval;
		this.prices = new String[symbols];
	}

	/**
	 * Publishes a new round of prices when one is due. Until the cache holds every symbol, the round is
	 * sent again: a PUB drops what it publishes before the cache's subscription has reached it (the
	 * slow joiner of Guide ch.1), and a round is only published once per interval.
	 */
	@Scheduled(fixedDelay = 100)
	public void tick() {
		long now = System.currentTimeMillis();
		boolean due = now >= this.nextRound;
		boolean missing = ((Integer) this.cache.getDetails().getOrDefault("cachedTopics", 0)) < this.symbols;
		if (!due && !missing) {
			return;
		}
		if (due) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			for (int i = 0; i < this.symbols; i++) {
				this.prices[i] = String.format("%.2f", 10 + random.nextDouble(90));
			}
			this.rounds.incrementAndGet();
			this.nextRound = now + this.interval.toMillis();
		}
		String frontend = ">" + this.cache.getEndpoints().get(0).replace("0.0.0.0", "127.0.0.1");
		for (int i = 0; i < this.symbols; i++) {
			this.zmq.publish(frontend, "PRICE." + (char) ('A' + i), this.prices[i]);
		}
	}

	/** How many rounds of prices were published. */
	public int getRounds() {
		return this.rounds.get();
	}

}
