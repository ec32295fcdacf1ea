package dev.zmqspring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.freelance.FreelanceServerStatus;

/**
 * Health of the Freelance clients (Guide ch.4 "Brokerless Reliability"): per client its strategy and
 * per server whether it is alive and when it was last heard from. DOWN when a client has servers and
 * none of them is alive.
 */
public class ZmqFreelanceHealthIndicator implements HealthIndicator {

	private final ObjectProvider<FreelanceClient> clients;

	/**
	 * Creates the indicator.
	 * @param clients the Freelance clients
	 */
	public ZmqFreelanceHealthIndicator(ObjectProvider<FreelanceClient> clients) {
		this.clients = clients;
	}

	@Override
	public Health health() {
		Health.Builder builder = Health.up();
		for (FreelanceClient client : this.clients) {
			Map<String, Object> servers = new LinkedHashMap<>();
			long alive = 0;
			for (FreelanceServerStatus server : client.getServers()) {
				alive += server.alive() ? 1 : 0;
				servers.put(server.endpoint(), Map.of("alive", server.alive(), "lastHeard", server.lastHeard()));
			}
			if (!servers.isEmpty() && alive == 0) {
				builder.down();
			}
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("strategy", client.getStrategy().name().toLowerCase());
			details.put("alive", alive);
			details.put("dead", servers.size() - alive);
			details.put("servers", servers);
			details.put("droppedReplies", client.getCounters().getDropped());
			if (!client.getSecurity().isEmpty()) {
				details.put("security", client.getSecurity());
			}
			builder.withDetail(client.getName(), details);
		}
		return builder.build();
	}

}
