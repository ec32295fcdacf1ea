package dev.zmqspring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.broker.ZmqBrokerDefinition;
import dev.zmqspring.broker.ZmqBrokerPeering;
import dev.zmqspring.broker.ZmqBrokerType;
import dev.zmqspring.proxy.ZmqProxyDefinition;
import dev.zmqspring.proxy.ZmqProxyType;
import dev.zmqspring.support.InvalidEndpointException;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSubscriptionLimits;

/**
 * The one place where {@code zmq.*} values are checked. A wrong value throws Boot's
 * {@link InvalidConfigurationPropertyValueException} naming the full key (such as
 * {@code zmq.brokers.orders.max-message-size}), the value and what is allowed; a malformed endpoint
 * throws {@link InvalidEndpointException} naming the key. The library's constructors keep their own
 * argument checks, worded without property keys; these checks run first, at binding time
 * ({@link ZmqProperties#afterPropertiesSet()}) or when a proxy or broker entry is registered.
 *
 * <p>Rules that span broker kinds are applied to every kind alike: {@code heartbeat-interval}
 * positive, {@code heartbeat-liveness} at least 1, and {@code max-message-size} at least one byte
 * (0 and -1 are refused, whether set on the broker or inherited from {@code zmq.max-message-size}: a
 * broker that accepts nothing, or anything, is not a broker).
 */
final class ZmqPropertiesValidator {

	private static final String BINARY_STAR_LOCAL = "where this peer's state publisher binds (the other peer's "
			+ "remote), e.g. tcp://*:5003";

	private static final String BINARY_STAR_REMOTE = "where the other peer's state publisher is (its local), "
			+ "e.g. tcp://peer:5004";

	private static final String ENDPOINT_HINT = "one or more endpoints such as @tcp://*:5559 (bind) or "
			+ ">tcp://host:5559 (connect)";

	/** The Guide's ppqueue heartbeat interval, the default of a paranoid-pirate broker. */
	static final Duration PPQUEUE_HEARTBEAT = Duration.ofSeconds(1);

	/** The Guide's mdbroker heartbeat interval, the default of the other brokers. */
	static final Duration MDBROKER_HEARTBEAT = Duration.ofMillis(2500);

	private ZmqPropertiesValidator() {
	}

	/**
	 * Checks the global, template and Majordomo client/worker settings.
	 * @param properties the bound properties
	 */
	static void validate(ZmqProperties properties) {
		atLeast("zmq.io-threads", properties.getIoThreads(), 1);
		require("zmq.io-thread-scheduling", properties.getIoThreadScheduling(), "normal or batch");
		Duration linger = require("zmq.linger", properties.getLinger(), "a duration, -1ms for forever");
		if (linger.isNegative() && !linger.equals(Duration.ofMillis(-1))) {
			throw invalid("zmq.linger", linger, "must be >= 0 (or -1ms for forever)");
		}
		atLeast("zmq.send-hwm", properties.getSendHwm(), 0);
		atLeast("zmq.receive-hwm", properties.getReceiveHwm(), 0);
		DataSize maxMessageSize = require("zmq.max-message-size", properties.getMaxMessageSize(), "-1 or a size");
		if (maxMessageSize.toBytes() < -1) {
			throw invalid("zmq.max-message-size", maxMessageSize, "must be -1 (unlimited) or >= 0");
		}
		DataSize boundMaxMessageSize = require("zmq.bound-max-message-size", properties.getBoundMaxMessageSize(),
				"-1 or a size");
		if (boundMaxMessageSize.toBytes() < -1) {
			throw invalid("zmq.bound-max-message-size", boundMaxMessageSize, "must be -1 (unlimited) or >= 0");
		}
		atLeast("zmq.bound-max-connections", properties.getBoundMaxConnections(), 0);
		atLeast("zmq.bound-max-connections-per-address", properties.getBoundMaxConnectionsPerAddress(), 0);
		ZmqProperties.Subscriptions subscriptions = properties.getSubscriptions();
		DataSize maxLength = require("zmq.subscriptions.max-length", subscriptions.getMaxLength(), "a size");
		if (maxLength.toBytes() < 0 || maxLength.toBytes() > ZmqSubscriptionLimits.MAX_SAFE_LENGTH) {
			throw invalid("zmq.subscriptions.max-length", maxLength, "must be between 0 and 4KB: JeroMQ 0.6.0 adds a "
					+ "subscription with one recursive call per byte, and 6.5KB overflows a 1MB thread stack");
		}
		atLeast("zmq.subscriptions.max-per-connection", subscriptions.getMaxPerConnection(), 0);
		atLeast("zmq.subscriptions.max-per-socket", subscriptions.getMaxPerSocket(), 0);
		DataSize maxBytes = require("zmq.subscriptions.max-bytes", subscriptions.getMaxBytes(), "a size");
		if (maxBytes.toBytes() < 0) {
			throw invalid("zmq.subscriptions.max-bytes", maxBytes, "must be >= 0");
		}
		notNegative("zmq.handshake-interval", properties.getHandshakeInterval());
		notNegative("zmq.shutdown-timeout", properties.getShutdownTimeout());
		positive("zmq.template.request-timeout", properties.getTemplate().getRequestTimeout());
		atLeast("zmq.template.request-retries", properties.getTemplate().getRequestRetries(), 0);
		ZmqProperties.Majordomo majordomo = properties.getMajordomo();
		positive("zmq.majordomo.request-timeout", majordomo.getRequestTimeout());
		atLeast("zmq.majordomo.request-retries", majordomo.getRequestRetries(), 0);
		atLeast("zmq.majordomo.async-connections", majordomo.getAsyncConnections(), 1);
		positive("zmq.majordomo.heartbeat-interval", majordomo.getHeartbeatInterval());
		atLeast("zmq.majordomo.heartbeat-liveness", majordomo.getHeartbeatLiveness(), 1);
		notNegative("zmq.majordomo.reconnect-interval", majordomo.getReconnectInterval());
		ZmqProperties.ParanoidPirate pirate = properties.getParanoidPirate();
		positive("zmq.paranoid-pirate.heartbeat-interval", pirate.getHeartbeatInterval());
		atLeast("zmq.paranoid-pirate.heartbeat-liveness", pirate.getHeartbeatLiveness(), 1);
		Duration reconnectInitial = positive("zmq.paranoid-pirate.reconnect-initial", pirate.getReconnectInitial());
		Duration reconnectMax = require("zmq.paranoid-pirate.reconnect-max", pirate.getReconnectMax(), "a duration");
		if (reconnectMax.compareTo(reconnectInitial) < 0) {
			throw invalid("zmq.paranoid-pirate.reconnect-max", reconnectMax,
					"must be >= zmq.paranoid-pirate.reconnect-initial (" + reconnectInitial + ")");
		}
		tracePropagation("zmq.template", properties.getTemplate().isObservationEnabled(),
				properties.getTemplate().getTracePropagation());
		tracePropagation("zmq.majordomo", majordomo.isObservationEnabled(), majordomo.getTracePropagation());
		ZmqProperties.BinaryStar pair = properties.getBinaryStar();
		if (pair.getRole() != null) {
			binaryStarRequired(pair);
			binaryStarEndpoints(pair.getLocal(), SocketType.PUB, "zmq.binary-star.local");
			binaryStarEndpoints(pair.getRemote(), SocketType.SUB, "zmq.binary-star.remote");
			positive("zmq.binary-star.heartbeat", pair.getHeartbeat());
			notNegative("zmq.binary-star.peer-grace", pair.getPeerGrace());
		}
	}

	/** A Binary Star peer's endpoints: every missing one named at once. */
	private static void binaryStarRequired(ZmqProperties.BinaryStar pair) {
		Map<String, String> missing = new LinkedHashMap<>();
		if (isEmpty(pair.getLocal())) {
			missing.put("zmq.binary-star.local", BINARY_STAR_LOCAL);
		}
		if (isEmpty(pair.getRemote())) {
			missing.put("zmq.binary-star.remote", BINARY_STAR_REMOTE);
		}
		if (!missing.isEmpty()) {
			throw new ZmqMissingPropertiesException(
					"zmq.binary-star.role=" + pair.getRole().name().toLowerCase(Locale.ROOT), missing);
		}
	}

	/** A sender's trace-propagation targets: only meaningful with its observation on (tracing fills the frame). */
	private static void tracePropagation(String prefix, boolean observationEnabled, @Nullable List<String> targets) {
		if (isEmpty(targets)) {
			return;
		}
		if (!observationEnabled) {
			throw invalid(prefix + ".trace-propagation", join(targets), "carries the trace context of observations, "
					+ "so it needs " + prefix + ".observation-enabled=true");
		}
		for (String target : targets) {
			if (target == null || target.isBlank()) {
				throw invalid(prefix + ".trace-propagation", join(targets), "must not contain an empty entry");
			}
		}
	}

	/**
	 * The endpoints of {@code zmq.binary-star.local} (binds) or {@code .remote} (connects).
	 * @param values the bound list
	 * @param type PUB for local, SUB for remote (their natural sides)
	 * @param key the property key
	 * @return the parsed endpoints
	 */
	static List<ZmqEndpoint> binaryStarEndpoints(@Nullable List<String> values, SocketType type, String key) {
		if (isEmpty(values)) {
			throw invalid(key, null, "is required for a Binary Star peer: "
					+ ((type == SocketType.PUB) ? BINARY_STAR_LOCAL : BINARY_STAR_REMOTE));
		}
		return ZmqEndpoint.parseAll(join(values), type, key);
	}

	/**
	 * Checks {@code zmq.proxies.<name>} and parses it.
	 * @param name the entry name
	 * @param proxy the entry
	 * @return the proxy's definition
	 */
	static ZmqProxyDefinition proxy(String name, ZmqProperties.Proxy proxy) {
		String prefix = "zmq.proxies." + name;
		require(prefix + ".type", proxy.getType(), "forwarder, queue, streamer or last-value-cache");
		atLeast(prefix + ".max-topics", proxy.getMaxTopics(), 1);
		List<ZmqEndpoint> frontend = sideEndpoints(proxy.getFrontend(), prefix + ".frontend");
		List<ZmqEndpoint> backend = sideEndpoints(proxy.getBackend(), prefix + ".backend");
		requireDistinct(frontend, backend, prefix);
		List<ZmqEndpoint> capture = isEmpty(proxy.getCapture()) ? List.of()
				: ZmqEndpoint.parseAll(join(proxy.getCapture()), SocketType.PUB, prefix + ".capture");
		if (proxy.isBinaryStar() && proxy.getType() != ZmqProperties.ProxyType.QUEUE) {
			throw invalid(prefix + ".binary-star", true, "gates queue proxies only (request-reply); this one is a "
					+ proxy.getType().name().toLowerCase(java.util.Locale.ROOT));
		}
		return new ZmqProxyDefinition(name, ZmqProxyType.valueOf(proxy.getType().name()), frontend, backend, capture,
				prefix, proxy.getMaxTopics());
	}

	/**
	 * Checks {@code zmq.brokers.<name>} by its kind and turns it into that kind's settings.
	 * @param name the entry name
	 * @param broker the entry
	 * @param globalMaxMessageSize {@code zmq.max-message-size}
	 * @return the checked settings of the broker's kind
	 */
	static ZmqBrokerSettings broker(String name, ZmqProperties.Broker broker, @Nullable DataSize globalMaxMessageSize) {
		String prefix = "zmq.brokers." + name;
		require(prefix + ".type", broker.getType(), "load-balancing, paranoid-pirate or majordomo");
		Duration heartbeatInterval = (broker.getHeartbeatInterval() != null)
				? positive(prefix + ".heartbeat-interval", broker.getHeartbeatInterval())
				: (broker.getType() == ZmqProperties.BrokerType.PARANOID_PIRATE) ? PPQUEUE_HEARTBEAT : MDBROKER_HEARTBEAT;
		int heartbeatLiveness = atLeast(prefix + ".heartbeat-liveness", broker.getHeartbeatLiveness(), 1);
		long maxMessageSize = brokerMaxMessageSize(prefix, broker.getMaxMessageSize(), globalMaxMessageSize);
		if (broker.getType() == ZmqProperties.BrokerType.MAJORDOMO) {
			if (isEmpty(broker.getEndpoint())) {
				throw invalid(prefix + ".endpoint", null, "must be set for a majordomo broker (the one ROUTER "
						+ "clients and workers share, e.g. tcp://*:5555)");
			}
			List<ZmqEndpoint> endpoints = ZmqEndpoint.parseAll(join(broker.getEndpoint()), SocketType.ROUTER,
					prefix + ".endpoint");
			Path titanic = null;
			Duration requestExpiry = broker.getTitanic().getRequestExpiry();
			if (broker.getTitanic().isEnabled()) {
				String directory = broker.getTitanic().getDirectory();
				if (directory == null || directory.isBlank()) {
					throw invalid(prefix + ".titanic.directory", directory,
							"must be set when " + prefix + ".titanic.enabled is true");
				}
				titanic = Path.of(directory);
				requestExpiry = positive(prefix + ".titanic.request-expiry", requestExpiry);
			}
			return new ZmqBrokerSettings.Majordomo(name, endpoints, heartbeatInterval, heartbeatLiveness,
					maxMessageSize, titanic, requestExpiry);
		}
		List<ZmqEndpoint> frontend = sideEndpoints(broker.getFrontend(), prefix + ".frontend");
		List<ZmqEndpoint> backend = sideEndpoints(broker.getBackend(), prefix + ".backend");
		requireDistinct(frontend, backend, prefix);
		ZmqBrokerPeering peering = peering(name, prefix, broker);
		ZmqBrokerDefinition definition = new ZmqBrokerDefinition(name,
				ZmqBrokerType.valueOf(broker.getType().name()), frontend, backend, heartbeatInterval,
				heartbeatLiveness, maxMessageSize, prefix, peering);
		return (broker.getType() == ZmqProperties.BrokerType.PARANOID_PIRATE)
				? new ZmqBrokerSettings.ParanoidPirate(definition) : new ZmqBrokerSettings.LoadBalancing(definition);
	}

	/**
	 * Checks the peering keys of {@code zmq.brokers.<name>} (Guide ch.3 inter-broker routing): only a
	 * load-balancing broker has peers; with peers, state-endpoint and cloud-endpoint are required, and
	 * every peer needs its state and cloud endpoints.
	 */
	private static ZmqBrokerPeering peering(String name, String prefix, ZmqProperties.Broker broker) {
		Duration interval = positive(prefix + ".state-interval", broker.getStateInterval());
		if (broker.getPeers() == null || broker.getPeers().isEmpty()) {
			return ZmqBrokerPeering.NONE;
		}
		if (broker.getType() != ZmqProperties.BrokerType.LOAD_BALANCING) {
			throw invalid(prefix + ".peers", broker.getPeers().keySet(), "only a load-balancing broker has peers");
		}
		List<ZmqEndpoint> state = sideEndpoints(listOf(broker.getStateEndpoint()), prefix + ".state-endpoint");
		List<ZmqEndpoint> cloud = sideEndpoints(listOf(broker.getCloudEndpoint()), prefix + ".cloud-endpoint");
		List<ZmqBrokerPeering.Peer> peers = new java.util.ArrayList<>();
		for (Map.Entry<String, ZmqProperties.Broker.Peer> entry : broker.getPeers().entrySet()) {
			String key = prefix + ".peers." + entry.getKey();
			if (entry.getKey().equals(name)) {
				throw invalid(key, entry.getKey(), "a broker is not its own peer");
			}
			ZmqProperties.Broker.Peer peer = entry.getValue();
			peers.add(new ZmqBrokerPeering.Peer(entry.getKey(), peerEndpoint(peer.getState(), key + ".state"),
					peerEndpoint(peer.getCloud(), key + ".cloud")));
		}
		return new ZmqBrokerPeering(state, cloud, interval, peers);
	}

	private static List<String> listOf(@Nullable String value) {
		return (value == null || value.isBlank()) ? List.of() : List.of(value);
	}

	/** A peer's endpoint: connected unless prefixed with '@'. */
	private static List<ZmqEndpoint> peerEndpoint(@Nullable String value, String key) {
		if (value == null || value.isBlank()) {
			throw invalid(key, null, "is required: " + ENDPOINT_HINT);
		}
		String trimmed = value.trim();
		return ZmqEndpoint.parseAll((trimmed.startsWith("@") || trimmed.startsWith(">")) ? trimmed : ">" + trimmed,
				SocketType.PAIR, key);
	}

	/** The broker's own cap, else {@code zmq.max-message-size} if set, else 1 MB; at least 1 byte. */
	private static long brokerMaxMessageSize(String prefix, @Nullable DataSize own, @Nullable DataSize global) {
		if (own != null) {
			if (own.toBytes() < 1) {
				throw invalid(prefix + ".max-message-size", own, "must be at least 1B for every broker type");
			}
			return own.toBytes();
		}
		if (global == null || global.toBytes() < 0) {
			return ZmqBrokerDefinition.DEFAULT_MAX_MESSAGE_SIZE;
		}
		if (global.toBytes() == 0) {
			throw invalid("zmq.max-message-size", global, "0 would make broker '" + prefix.substring(12)
					+ "' refuse every message; set " + prefix + ".max-message-size (at least 1B)");
		}
		return global.toBytes();
	}

	/**
	 * Parses the endpoints of a proxy or broker side. Unlike a socket's natural side, an
	 * intermediary side without prefix <em>binds</em> (the intermediary is the stable part of the
	 * network, Guide ch.2); {@code >} connects.
	 */
	private static List<ZmqEndpoint> sideEndpoints(@Nullable List<String> values, String key) {
		if (isEmpty(values)) {
			throw invalid(key, null, "is required: " + ENDPOINT_HINT);
		}
		StringBuilder prefixed = new StringBuilder();
		for (String part : join(values).split(",")) {
			String trimmed = part.trim();
			if (prefixed.length() > 0) {
				prefixed.append(',');
			}
			prefixed.append((trimmed.startsWith("@") || trimmed.startsWith(">")) ? trimmed : "@" + trimmed);
		}
		return ZmqEndpoint.parseAll(prefixed.toString(), SocketType.PAIR, key);
	}

	/**
	 * Rejects a frontend and backend that name the same address: one socket would fail to bind or the
	 * intermediary would talk to itself.
	 */
	private static void requireDistinct(List<ZmqEndpoint> frontend, List<ZmqEndpoint> backend, String prefix) {
		for (ZmqEndpoint front : frontend) {
			for (ZmqEndpoint back : backend) {
				if (!front.isEphemeral() && front.address().equals(back.address())) {
					throw new InvalidEndpointException(back.toString(), prefix + ".backend",
							"same address as " + prefix + ".frontend; a frontend and a backend need different addresses");
				}
			}
		}
	}

	/**
	 * The endpoints of a list property as the comma-separated form the parser reads.
	 * @param values the bound list (a comma-separated string binds as a list too)
	 * @return the joined endpoints, {@code null} if there are none
	 */
	static @Nullable String join(@Nullable List<String> values) {
		if (isEmpty(values)) {
			return null;
		}
		return String.join(",", values.stream().map(String::trim).filter((value) -> !value.isEmpty()).toList());
	}

	private static boolean isEmpty(@Nullable List<String> values) {
		return values == null || values.stream().allMatch((value) -> value == null || value.isBlank());
	}

	private static <T> T require(String key, @Nullable T value, String allowed) {
		if (value == null) {
			throw invalid(key, null, "is required: " + allowed);
		}
		return value;
	}

	private static int atLeast(String key, int value, int minimum) {
		if (value < minimum) {
			throw invalid(key, value, "must be at least " + minimum);
		}
		return value;
	}

	private static Duration positive(String key, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw invalid(key, value, "must be positive");
		}
		return value;
	}

	private static Duration notNegative(String key, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw invalid(key, value, "must be >= 0");
		}
		return value;
	}

	private static InvalidConfigurationPropertyValueException invalid(String key, @Nullable Object value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(key, value, reason);
	}

}
