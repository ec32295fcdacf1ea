package dev.zmqspring.majordomo;

import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import zmq.Msg;

/**
 * Logs dropped messages at most once per peer per minute, so a hostile or broken peer sending
 * thousands of malformed messages costs one log line a minute instead of flooding the log. Used on
 * one actor thread only.
 */
final class DropLog {

	static final long QUIET_MILLIS = 60_000;

	private static final int MAX_PEERS = 1024;

	private final Log logger;

	private final String component;

	private final Map<ByteKey, Long> lastLogged = new HashMap<>();

	private final ByteKey probe = new ByteKey();

	DropLog(Log logger, String component) {
		this.logger = logger;
		this.component = component;
	}

	/**
	 * Logs a drop unless this peer's last drop was logged less than a minute ago.
	 * @param peer the peer's routing id frame (may be {@code null})
	 * @param reason why the message was dropped
	 * @param now the current time in milliseconds
	 */
	void dropped(Msg peer, String reason, long now) {
		if (!this.logger.isWarnEnabled()) {
			return;
		}
		ByteKey key = (peer != null) ? this.probe.set(peer) : this.probe.set(new Msg(0));
		Long last = this.lastLogged.get(key);
		if (last != null && now - last < QUIET_MILLIS) {
			return;
		}
		if (this.lastLogged.size() >= MAX_PEERS) {
			this.lastLogged.clear();
		}
		this.lastLogged.put(key.copy(), now);
		this.logger.warn(this.component + " dropped a message from peer " + key + ": " + reason
				+ " (further drops from this peer are not logged for a minute)");
	}

}
