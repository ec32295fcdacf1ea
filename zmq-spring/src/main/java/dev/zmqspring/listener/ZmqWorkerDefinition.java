package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.support.ZmqEndpoint;

/**
 * What a {@link ZmqWorkerProtocol} needs to build one worker of a {@code @ZmqWorker} method, with
 * placeholders already resolved.
 *
 * @param id the listener id
 * @param index which of the {@code concurrency} workers this is (0-based)
 * @param endpoints the endpoints of the annotation (may be empty for Majordomo)
 * @param service the Majordomo service name, or empty
 * @param broker the broker endpoint of the annotation, or empty
 * @param source where the definition came from (bean and method), for error messages
 * @param servers the endpoints by server: one, or a Binary Star pair ({@code a|b}) a Paranoid Pirate
 * worker rotates through on each reconnect (Guide ch.4)
 */
public record ZmqWorkerDefinition(String id, int index, List<ZmqEndpoint> endpoints, String service, String broker,
		String source, List<List<ZmqEndpoint>> servers) {

	/**
	 * A definition whose endpoints are one server.
	 * @param id the listener id
	 * @param index which of the {@code concurrency} workers this is (0-based)
	 * @param endpoints the endpoints of the annotation (may be empty for Majordomo)
	 * @param service the Majordomo service name, or empty
	 * @param broker the broker endpoint of the annotation, or empty
	 * @param source where the definition came from (bean and method), for error messages
	 */
	public ZmqWorkerDefinition(String id, int index, List<ZmqEndpoint> endpoints, String service, String broker,
			String source) {
		this(id, index, endpoints, service, broker, source, endpoints.isEmpty() ? List.of() : List.of(endpoints));
	}

}
