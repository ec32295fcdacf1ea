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
 */
public record ZmqProxyDefinition(String name, ZmqProxyType type, List<ZmqEndpoint> frontend,
		List<ZmqEndpoint> backend, List<ZmqEndpoint> capture, String source) {

	public ZmqProxyDefinition {
		capture = (capture != null) ? List.copyOf(capture) : List.of();
		frontend = List.copyOf(frontend);
		backend = List.copyOf(backend);
	}

}
