package dev.zmqspring.proxy;

import java.util.List;

import dev.zmqspring.support.ZmqEndpoint;

/**
 * What a {@link ZmqProxy} needs: its type and endpoints, already parsed and validated, and the
 * property prefix they came from (for error messages, e.g. {@code zmq.proxies.weather}).
 *
 * @param name the proxy name
 * @param type forwarder, queue or streamer
 * @param frontend frontend endpoints (bind or connect each, by prefix: transport bridging)
 * @param backend backend endpoints
 * @param capture capture endpoints of a PUB socket that receives a copy of every frame, or empty
 * @param source the property prefix, e.g. {@code zmq.proxies.weather}
 * @param maxTopics how many topics a last value cache keeps (ignored by the other kinds)
 */
public record ZmqProxyDefinition(String name, ZmqProxyType type, List<ZmqEndpoint> frontend,
		List<ZmqEndpoint> backend, List<ZmqEndpoint> capture, String source, int maxTopics) {

	/** The topics a last value cache keeps unless told otherwise. */
	public static final int DEFAULT_MAX_TOPICS = 10_000;

	public ZmqProxyDefinition {
		capture = (capture != null) ? List.copyOf(capture) : List.of();
		frontend = List.copyOf(frontend);
		backend = List.copyOf(backend);
		if (maxTopics < 1) {
			throw new IllegalArgumentException(source + ".max-topics must be at least 1 but was " + maxTopics);
		}
	}

	/**
	 * A definition with the default {@link #DEFAULT_MAX_TOPICS} (used by last value caches only).
	 * @param name the proxy name
	 * @param type the kind
	 * @param frontend the frontend endpoints
	 * @param backend the backend endpoints
	 * @param capture the capture endpoints
	 * @param source the property prefix
	 */
	public ZmqProxyDefinition(String name, ZmqProxyType type, List<ZmqEndpoint> frontend, List<ZmqEndpoint> backend,
			List<ZmqEndpoint> capture, String source) {
		this(name, type, frontend, backend, capture, source, DEFAULT_MAX_TOPICS);
	}

}
