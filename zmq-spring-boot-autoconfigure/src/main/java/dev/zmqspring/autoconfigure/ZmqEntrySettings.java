package dev.zmqspring.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.util.unit.DataSize;

/**
 * The global settings every entry ({@link ZmqEntry}) reads, bound once per registration pass with
 * the same defaults as {@link ZmqProperties}.
 * @param shutdownTimeout {@code zmq.shutdown-timeout}
 * @param maxMessageSize {@code zmq.max-message-size} (negative when unset)
 * @param binaryStarPair whether {@code zmq.binary-star.role} is set, so entries may be gated by the pair
 */
record ZmqEntrySettings(Duration shutdownTimeout, DataSize maxMessageSize, boolean binaryStarPair) {

	/**
	 * Binds the settings.
	 * @param binder the binder of the environment
	 * @return the settings
	 */
	static ZmqEntrySettings bind(Binder binder) {
		return new ZmqEntrySettings(
				binder.bind("zmq.shutdown-timeout", Duration.class).orElse(Duration.ofSeconds(10)),
				binder.bind("zmq.max-message-size", DataSize.class).orElse(DataSize.ofBytes(-1)),
				binder.bind("zmq.binary-star.role", String.class).isBound());
	}

}
