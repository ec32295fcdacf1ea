package dev.zmqspring.actuate;

import org.springframework.beans.factory.ObjectProvider;

import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.freelance.FreelanceServerStatus;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The Freelance meters (Guide ch.4 "Brokerless Reliability"), tagged {@code client}:
 * {@code zmq.freelance.servers.alive} and {@code zmq.freelance.servers} (gauges) and
 * {@code zmq.freelance.dropped} (replies with a wrong sequence number or garbage).
 */
public class ZmqFreelanceMetrics implements MeterBinder {

	private final ObjectProvider<FreelanceClient> clients;

	/**
	 * Creates the binder.
	 * @param clients the Freelance clients
	 */
	public ZmqFreelanceMetrics(ObjectProvider<FreelanceClient> clients) {
		this.clients = clients;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (FreelanceClient client : this.clients) {
			Gauge.builder("zmq.freelance.servers.alive", client,
					(c) -> c.getServers().stream().filter(FreelanceServerStatus::alive).count())
				.tag("client", client.getName())
				.register(registry);
			Gauge.builder("zmq.freelance.servers", client, (c) -> c.getServers().size())
				.tag("client", client.getName())
				.register(registry);
			FunctionCounter.builder("zmq.freelance.dropped", client, (c) -> c.getCounters().getDropped())
				.tag("client", client.getName())
				.register(registry);
		}
	}

}
