package dev.zmqspring.samples.lvcache;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Guide ch.5 "Last Value Caching" (lvcache): a price publisher updates each symbol rarely through a
 * last-value-cache proxy declared in {@code application.yml}; a subscriber that joins after the
 * prices were published gets every symbol's last price at once from the cache.
 */
@SpringBootApplication
@EnableScheduling
public class LastValueCacheApplication {

	public static void main(String[] args) {
		SpringApplication.run(LastValueCacheApplication.class, args);
	}

}
