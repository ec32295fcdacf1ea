package dev.zmqspring.autoconfigure;

import java.util.List;
import java.util.Map;

import org.springframework.core.env.Environment;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyDefinition;
import dev.zmqspring.proxy.ZmqProxyType;

/**
 * Registers one {@link ZmqProxy} bean, named {@code zmqProxy.<name>}, per {@code zmq.proxies.<name>}
 * entry, after checking the entry (type given, frontend and backend given, parseable and distinct).
 */
final class ZmqProxyRegistrar extends ZmqIntermediaryRegistrar<ZmqProperties.Proxy> {

	@Override
	Map<String, ZmqProperties.Proxy> entries(Environment environment) {
		return ZmqIntermediaries.proxies(environment);
	}

	@Override
	Registration registration(String name, ZmqProperties.Proxy properties, Settings settings) {
		return new Registration("zmqProxy." + name, ZmqProxy.class,
				Map.of(0, definition(name, properties), 2, settings.shutdownTimeout()), properties.isAutoStartup(),
				properties.isHealth());
	}

	static ZmqProxyDefinition definition(String name, ZmqProperties.Proxy properties) {
		String prefix = "zmq.proxies." + name;
		ZmqIntermediaries.require(properties.getType(), prefix + ".type", "forwarder, queue or streamer");
		ZmqProxyType type = ZmqProxyType.valueOf(properties.getType().name());
		List<ZmqEndpoint> frontend = ZmqIntermediaries.endpoints(properties.getFrontend(), prefix + ".frontend");
		List<ZmqEndpoint> backend = ZmqIntermediaries.endpoints(properties.getBackend(), prefix + ".backend");
		ZmqIntermediaries.requireDistinct(frontend, backend, prefix);
		List<ZmqEndpoint> capture = (properties.getCapture() != null && !properties.getCapture().isBlank())
				? ZmqEndpoint.parseAll(properties.getCapture(), org.zeromq.SocketType.PUB, prefix + ".capture")
				: List.of();
		return new ZmqProxyDefinition(name, type, frontend, backend, capture, prefix);
	}

}
