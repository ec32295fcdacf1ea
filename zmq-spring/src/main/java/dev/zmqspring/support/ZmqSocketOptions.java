package dev.zmqspring.support;

import java.time.Duration;

import dev.zmqspring.support.internal.ZmqSubscriptionGuard;


/**
 * The socket options the starter applies to every socket it creates (Guide ch.1 "clean exit" for
 * linger, ch.2 "High-Water Marks"). Built from {@code zmq.*} properties by the auto-configuration.
 *
 * @param linger how long pending outgoing messages are kept when a socket closes
 * @param sendHwm send high-water mark in messages (0 = unlimited)
 * @param receiveHwm receive high-water mark in messages (0 = unlimited)
 * @param maxMessageSize largest inbound message in bytes accepted from a peer, -1 for unlimited;
 * larger messages make JeroMQ drop the connection, which protects from junk frames
 * @param handshakeInterval how long a ZMTP greeting may take before the connection is dropped and
 * re-established ({@link Duration#ZERO} keeps JeroMQ's 30 s). Short by default because JeroMQ 0.6.0
 * loses the poller registration of 1-5 % of fresh outgoing connections (a race in its NIO poller,
 * upstream pull request #1022); the handshake timer is what recovers them. It is also what closes an
 * incoming connection that stalls or sends junk before its greeting is complete
 * @param boundMaxMessageSize the cap of a socket that binds a tcp or ipc endpoint when
 * {@code maxMessageSize} is unlimited, -1 for unlimited: such a socket faces whoever can reach the
 * port, and JeroMQ allocates a frame's claimed size before its payload arrives (see docs/network.md)
 * @param security the security mechanism (CURVE, PLAIN or NULL, RFC 26/27) set on the socket before it
 * binds or connects; {@link ZmqSecurity#NONE} leaves JeroMQ's NULL mechanism without authentication
 * @param subscriptionLimits what the subscriptions of a publisher's peers may cost, for a PUB or XPUB
 * that binds tcp or ipc ({@link ZmqSubscriptionGuard})
 * @param connectionLimits how many connections a socket that binds tcp or ipc keeps open
 */
public record ZmqSocketOptions(Duration linger, int sendHwm, int receiveHwm, long maxMessageSize,
		Duration handshakeInterval, long boundMaxMessageSize, ZmqSecurity security,
		ZmqSubscriptionLimits subscriptionLimits, ZmqConnectionLimits connectionLimits) {

	/** The default of {@code zmq.bound-max-message-size}: 1 MB. */
	public static final long DEFAULT_BOUND_MAX_MESSAGE_SIZE = 1024 * 1024;

	/** The default of {@code zmq.handshake-interval}. */
	public static final Duration DEFAULT_HANDSHAKE_INTERVAL = Duration.ofSeconds(2);

	/** The defaults of the {@code zmq.*} properties. */
	public static final ZmqSocketOptions DEFAULTS = new ZmqSocketOptions(Duration.ofSeconds(1), 1000, 1000, -1);

	public ZmqSocketOptions {
		if (linger == null) {
			linger = Duration.ZERO;
		}
		if (handshakeInterval == null || handshakeInterval.isNegative()) {
			handshakeInterval = DEFAULT_HANDSHAKE_INTERVAL;
		}
		if (sendHwm < 0) {
			throw new IllegalArgumentException("send-hwm must be >= 0 but was " + sendHwm);
		}
		if (receiveHwm < 0) {
			throw new IllegalArgumentException("receive-hwm must be >= 0 but was " + receiveHwm);
		}
		if (security == null) {
			security = ZmqSecurity.NONE;
		}
		if (subscriptionLimits == null) {
			subscriptionLimits = ZmqSubscriptionLimits.DEFAULTS;
		}
		if (connectionLimits == null) {
			connectionLimits = ZmqConnectionLimits.DEFAULTS;
		}
	}

	/** Options with the default subscription limits. */
	public ZmqSocketOptions(Duration linger, int sendHwm, int receiveHwm, long maxMessageSize,
			Duration handshakeInterval, long boundMaxMessageSize, ZmqSecurity security) {
		this(linger, sendHwm, receiveHwm, maxMessageSize, handshakeInterval, boundMaxMessageSize, security,
				ZmqSubscriptionLimits.DEFAULTS, ZmqConnectionLimits.DEFAULTS);
	}

	/** Options without a security mechanism. */
	public ZmqSocketOptions(Duration linger, int sendHwm, int receiveHwm, long maxMessageSize,
			Duration handshakeInterval, long boundMaxMessageSize) {
		this(linger, sendHwm, receiveHwm, maxMessageSize, handshakeInterval, boundMaxMessageSize, ZmqSecurity.NONE);
	}

	/** Options with the default handshake interval and bound-socket cap. */
	public ZmqSocketOptions(Duration linger, int sendHwm, int receiveHwm, long maxMessageSize) {
		this(linger, sendHwm, receiveHwm, maxMessageSize, DEFAULT_HANDSHAKE_INTERVAL);
	}

	/** Options with the default bound-socket cap ({@link #DEFAULT_BOUND_MAX_MESSAGE_SIZE}). */
	public ZmqSocketOptions(Duration linger, int sendHwm, int receiveHwm, long maxMessageSize,
			Duration handshakeInterval) {
		this(linger, sendHwm, receiveHwm, maxMessageSize, handshakeInterval, DEFAULT_BOUND_MAX_MESSAGE_SIZE);
	}

	/** Returns a copy with another maximum inbound message size. */
	public ZmqSocketOptions withMaxMessageSize(long bytes) {
		return new ZmqSocketOptions(this.linger, this.sendHwm, this.receiveHwm, bytes, this.handshakeInterval,
				this.boundMaxMessageSize, this.security, this.subscriptionLimits,
				this.connectionLimits);
	}

	/** Returns a copy with another linger. */
	public ZmqSocketOptions withLinger(Duration linger) {
		return new ZmqSocketOptions(linger, this.sendHwm, this.receiveHwm, this.maxMessageSize, this.handshakeInterval,
				this.boundMaxMessageSize, this.security, this.subscriptionLimits,
				this.connectionLimits);
	}

	/** Returns a copy with another handshake interval ({@code zmq.handshake-interval}). */
	public ZmqSocketOptions withHandshakeInterval(Duration handshakeInterval) {
		return new ZmqSocketOptions(this.linger, this.sendHwm, this.receiveHwm, this.maxMessageSize, handshakeInterval,
				this.boundMaxMessageSize, this.security, this.subscriptionLimits,
				this.connectionLimits);
	}

	/** Returns a copy with another cap for sockets that bind. */
	public ZmqSocketOptions withBoundMaxMessageSize(long bytes) {
		return new ZmqSocketOptions(this.linger, this.sendHwm, this.receiveHwm, this.maxMessageSize,
				this.handshakeInterval, bytes, this.security, this.subscriptionLimits,
				this.connectionLimits);
	}

	/** Returns a copy with other high-water marks. */
	public ZmqSocketOptions withHwm(int send, int receive) {
		return new ZmqSocketOptions(this.linger, send, receive, this.maxMessageSize, this.handshakeInterval,
				this.boundMaxMessageSize, this.security, this.subscriptionLimits,
				this.connectionLimits);
	}

	/** Returns a copy with other limits for the subscriptions of a bound publisher's peers. */
	public ZmqSocketOptions withSubscriptionLimits(ZmqSubscriptionLimits limits) {
		return new ZmqSocketOptions(this.linger, this.sendHwm, this.receiveHwm, this.maxMessageSize,
				this.handshakeInterval, this.boundMaxMessageSize, this.security, limits,
				this.connectionLimits);
	}

	/** Returns a copy with other limits on the connections of a socket that binds. */
	public ZmqSocketOptions withConnectionLimits(ZmqConnectionLimits limits) {
		return new ZmqSocketOptions(this.linger, this.sendHwm, this.receiveHwm, this.maxMessageSize,
				this.handshakeInterval, this.boundMaxMessageSize, this.security, this.subscriptionLimits, limits);
	}

	/** Returns a copy with another security mechanism. */
	public ZmqSocketOptions withSecurity(ZmqSecurity security) {
		return new ZmqSocketOptions(this.linger, this.sendHwm, this.receiveHwm, this.maxMessageSize,
				this.handshakeInterval, this.boundMaxMessageSize, security, this.subscriptionLimits,
				this.connectionLimits);
	}

}
