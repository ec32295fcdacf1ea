package dev.zmqspring.core;

import java.time.Duration;

/**
 * The socket options the starter applies to every socket it creates (Guide ch.1 "clean exit" for
 * linger, ch.2 "High-Water Marks"). Built from {@code zmq.*} properties by the auto-configuration.
 *
 * @param linger how long pending outgoing messages are kept when a socket closes
 * @param sendHwm send high-water mark in messages (0 = unlimited)
 * @param receiveHwm receive high-water mark in messages (0 = unlimited)
 * @param maxMessageSize largest inbound message in bytes accepted from a peer, -1 for unlimited;
 * larger messages make JeroMQ drop the connection, which protects from junk frames
 */
public record ZmqSocketOptions(Duration linger, int sendHwm, int receiveHwm, long maxMessageSize) {

	/** The defaults of the {@code zmq.*} properties. */
	public static final ZmqSocketOptions DEFAULTS = new ZmqSocketOptions(Duration.ofSeconds(1), 1000, 1000, -1);

	public ZmqSocketOptions {
		if (linger == null) {
			linger = Duration.ZERO;
		}
		if (sendHwm < 0) {
			throw new IllegalArgumentException("send-hwm must be >= 0 but was " + sendHwm);
		}
		if (receiveHwm < 0) {
			throw new IllegalArgumentException("receive-hwm must be >= 0 but was " + receiveHwm);
		}
	}

	/** Returns a copy with another maximum inbound message size. */
	public ZmqSocketOptions withMaxMessageSize(long bytes) {
		return new ZmqSocketOptions(this.linger, this.sendHwm, this.receiveHwm, bytes);
	}

	/** Returns a copy with another linger. */
	public ZmqSocketOptions withLinger(Duration linger) {
		return new ZmqSocketOptions(linger, this.sendHwm, this.receiveHwm, this.maxMessageSize);
	}

}
