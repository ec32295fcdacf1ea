package dev.zmqspring.samples.freelance;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.listener.ZmqListenerRegistry;

/**
 * The Freelance client side (Guide ch.4 flclient3): resolves names through the {@code names} client
 * while name server {@code a} is killed and later restarted, so the lookups fail over and come back.
 */
@Component
public class NameResolver implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(NameResolver.class);

	private final FreelanceClient names;

	private final ZmqListenerRegistry registry;

	private final int lookups;

	public NameResolver(FreelanceClient names, ZmqListenerRegistry registry, @Value("${names.lookups}") int lookups) {
		this.names = names;
		this.registry = registry;
		this.lookups = lookups;
	}

	/**
	 * Resolves a logical name.
	 * @param name the name
	 * @return its endpoint, and which server answered
	 */
	public String resolve(String name) {
		return this.names.request(name, String.class);
	}

	@Override
	public void run(ApplicationArguments args) {
		for (int i = 0; i < this.lookups; i++) {
			if (i == this.lookups / 3) {
				logger.info("killing name server a");
				this.registry.stop("name-server-a");
			}
			if (i == 2 * this.lookups / 3) {
				logger.info("restarting name server a");
				this.registry.start("name-server-a");
			}
			logger.info("weather -> " + resolve("weather"));
		}
		logger.info("servers: " + this.names.getServers());
	}

}
