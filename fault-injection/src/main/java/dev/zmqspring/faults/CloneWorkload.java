package dev.zmqspring.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.zmqspring.clone.ZmqCloneMap;

/**
 * The Clone client workload (Guide ch.5 "Reliable Pub-Sub", clonecli6): writes its own keys
 * {@code /<host>/k<i>} with increasing values, deletes some, sets ephemeral {@code /<host>/t<i>} with a
 * 1 s TTL, records every write and every change its map reports, and once the suite creates the file
 * {@code fault.stop} (or {@code fault.longest} has passed) waits {@code fault.settle}, records its final map and exits. Values are a per-host counter, so an older
 * value replacing a newer one is visible in the history.
 */
@Component
@Profile("clone-client")
class CloneWorkload implements ApplicationRunner {

	private final History history;

	private final ConfigurableApplicationContext context;

	private final ZmqCloneMap<String> map;

	private final Path stop;

	private final Duration longest;

	private final Duration pace;

	private final Duration settle;

	private final Random random;

	CloneWorkload(History history, ConfigurableApplicationContext context,
			@Qualifier("zmqCloneMap.main") ZmqCloneMap<String> map, @Value("${fault.stop}") Path stop,
			@Value("${fault.longest:15m}") Duration longest,
			@Value("${fault.pace:100ms}") Duration pace, @Value("${fault.settle:10s}") Duration settle,
			@Value("${fault.seed:1}") long seed) {
		this.history = history;
		this.context = context;
		this.map = map;
		this.stop = stop;
		this.longest = longest;
		this.pace = pace;
		this.settle = settle;
		this.random = new Random(seed);
	}

	/** Until the suite creates the stop file, and never longer than {@code fault.longest}. */
	private boolean running(long deadline) {
		return !Files.exists(this.stop) && System.currentTimeMillis() < deadline;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			this.map.addListener((event) -> this.history.record("change", "key", event.getKey(), "value",
					(event.getValue() != null) ? event.getValue().toString() : "", "seq",
					Long.toString(event.getSequence())));
			this.history.record("invoke", "req", "snapshot");
			boolean synced = this.map.awaitSnapshot(Duration.ofSeconds(30));
			this.history.record(synced ? "ok" : "timeout", "req", "snapshot", "reply", "synced");
			String prefix = "/" + this.history.node() + "/";
			long deadline = System.currentTimeMillis() + this.longest.toMillis();
			for (long n = 1; n <= 100_000 && running(deadline); n++) {
				int draw = this.random.nextInt(100);
				String key;
				String value = Long.toString(n);
				if (draw < 70) {
					key = prefix + "k" + this.random.nextInt(10);
					this.history.record("write", "key", key, "value", value);
					this.map.set(key, value);
				}
				else if (draw < 85) {
					key = prefix + "k" + this.random.nextInt(10);
					this.history.record("write", "key", key, "value", "");
					this.map.delete(key);
				}
				else {
					key = prefix + "t" + this.random.nextInt(5);
					this.history.record("write", "key", key, "value", value, "ttl", "1s");
					this.map.set(key, value, Duration.ofSeconds(1));
				}
				LockSupport.parkNanos(this.pace.toNanos());
			}
			LockSupport.parkNanos(this.settle.toNanos()); // the faults have healed: let the maps converge
			this.history.record("final", "map", text(new TreeMap<>(this.map.asMap())), "failovers",
					Long.toString(this.map.getFailovers()));
			this.history.record("done");
		}
		finally {
			System.exit(SpringApplication.exit(this.context));
		}
	}

	/** A map as {@code key=value} pairs joined by {@code ;}, keys sorted. */
	static String text(Map<String, String> map) {
		StringBuilder text = new StringBuilder();
		map.forEach((key, value) -> text.append(text.isEmpty() ? "" : ";").append(key).append('=').append(value));
		return text.toString();
	}

}
