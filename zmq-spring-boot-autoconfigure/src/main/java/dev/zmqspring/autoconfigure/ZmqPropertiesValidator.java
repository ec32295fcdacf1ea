package dev.zmqspring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.broker.ZmqBrokerDefinition;
import dev.zmqspring.clone.CloneEndpoints;
import dev.zmqspring.security.ZmqSecurityException;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.InvalidEndpointException;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSubscriptionLimits;

/**
 * The one place where {@code zmq.*} values are checked. A wrong value throws Boot's
 * {@link InvalidConfigurationPropertyValueException} naming the full key (such as
 * {@code zmq.brokers.orders.max-message-size}), the value and what is allowed; a malformed endpoint
 * throws {@link InvalidEndpointException} naming the key. The library's constructors keep their own
 * argument checks, worded without property keys; these checks run first: the global ones at binding
 * time ({@link ZmqProperties#afterPropertiesSet()}), an entry's ({@code zmq.proxies.<name>},
 * {@code zmq.brokers.<name>}, Clone and Freelance entries, security profiles) when its entry type is
 * made from what was bound ({@link ZmqEntry}), and a security profile name when the component that
 * uses it is created.
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
	 * A component gated by the Binary Star pair needs the pair.
	 * @param prefix the entry's property prefix, such as {@code zmq.brokers.orders}
	 * @param pair whether {@code zmq.binary-star.role} is set
	 */
	static void requireBinaryStar(String prefix, boolean pair) {
		if (!pair) {
			throw invalid(prefix + ".binary-star", true,
					"needs a Binary Star pair: set zmq.binary-star.role (primary or backup), local and remote");
		}
	}

	/**
	 * A Clone endpoint and the two derived from it by the port convention.
	 * @param key the property key, for the message
	 * @param endpoint the snapshot endpoint
	 * @return the endpoints
	 */
	static CloneEndpoints cloneEndpoints(String key, String endpoint) {
		try {
			return CloneEndpoints.byPortConvention(endpoint);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(key, endpoint, "expected tcp://host:port (the publisher is port + 1, the collector port + 2)");
		}
	}

	/**
	 * The profile a property names (RFC 26/27), looked up among {@code zmq.security.profiles}.
	 * @param profile the profile name; empty means none
	 * @param key the property key, for the message
	 * @param profiles the profiles
	 * @return the profile, {@link ZmqSecurity#NONE} for an empty name
	 */
	static ZmqSecurity profile(@Nullable String profile, String key, ObjectProvider<ZmqSecurityProfiles> profiles) {
		if (profile == null || profile.isBlank()) {
			return ZmqSecurity.NONE;
		}
		ZmqSecurityProfiles available = profiles.getIfAvailable();
		if (available == null) {
			throw invalid(key, profile, "there are no zmq.security.profiles");
		}
		try {
			return available.get(profile, key);
		}
		catch (ZmqSecurityException ex) {
			throw invalid(key, profile, ex.getMessage());
		}
	}

	/**
	 * A component with secured bound sockets needs a profile for those to its peers, which are clients
	 * of the peers' secured sockets: a peer that cannot authenticate looks dead.
	 * @param security the profile name of the bound sockets
	 * @param peerSecurity the profile name of the sockets to the peer
	 * @param securityKey the property key of the first, for the message
	 * @param peerKey the property key of the second, for the message
	 */
	static void requirePeerSecurity(@Nullable String security, @Nullable String peerSecurity, String securityKey,
			String peerKey) {
		if (security != null && !security.isBlank() && (peerSecurity == null || peerSecurity.isBlank())) {
			throw invalid(peerKey, "", "required when " + securityKey
					+ " is set: the sockets to the peer are clients of its secured sockets (e.g. a curve-client"
					+ " profile with the peer's server key)");
		}
	}

	/**
	 * Rewords a library constructor's argument check as the failure of the property it came from.
	 * @param key the property key
	 * @param value the value
	 * @param ex the library's check
	 * @return the startup failure
	 */
	static InvalidConfigurationPropertyValueException invalid(String key, @Nullable Object value,
			IllegalArgumentException ex) {
		return invalid(key, value, ex.getMessage());
	}

	static List<String> listOf(@Nullable String value) {
		return (value == null || value.isBlank()) ? List.of() : List.of(value);
	}

	/** A peer's endpoint: connected unless prefixed with '@'. */
	static List<ZmqEndpoint> peerEndpoint(@Nullable String value, String key) {
		if (value == null || value.isBlank()) {
			throw invalid(key, null, "is required: " + ENDPOINT_HINT);
		}
		String trimmed = value.trim();
		return ZmqEndpoint.parseAll((trimmed.startsWith("@") || trimmed.startsWith(">")) ? trimmed : ">" + trimmed,
				SocketType.PAIR, key);
	}

	/** The broker's own cap, else {@code zmq.max-message-size} if set, else 1 MB; at least 1 byte. */
	static long brokerMaxMessageSize(String prefix, @Nullable DataSize own, @Nullable DataSize global) {
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
	static List<ZmqEndpoint> sideEndpoints(@Nullable List<String> values, String key) {
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
	static void requireDistinct(List<ZmqEndpoint> frontend, List<ZmqEndpoint> backend, String prefix) {
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

	static boolean isEmpty(@Nullable List<String> values) {
		return values == null || values.stream().allMatch((value) -> value == null || value.isBlank());
	}

	static <T> T require(String key, @Nullable T value, String allowed) {
		if (value == null) {
			throw invalid(key, null, "is required: " + allowed);
		}
		return value;
	}

	static int atLeast(String key, int value, int minimum) {
		if (value < minimum) {
			throw invalid(key, value, "must be at least " + minimum);
		}
		return value;
	}

	static Duration positive(String key, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw invalid(key, value, "must be positive");
		}
		return value;
	}

	/**
	 * A broker's {@code <prefix>.heartbeat-interval}: positive when set, else the Guide's default for
	 * its protocol.
	 */
	static Duration heartbeatInterval(String prefix, @Nullable Duration value, Duration guideDefault) {
		return (value != null) ? positive(prefix + ".heartbeat-interval", value) : guideDefault;
	}

	static Duration notNegative(String key, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw invalid(key, value, "must be >= 0");
		}
		return value;
	}

	static InvalidConfigurationPropertyValueException invalid(String key, @Nullable Object value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(key, value, reason);
	}

}
