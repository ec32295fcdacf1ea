package dev.zmqspring.broker;

import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs dropped malformed messages at most once per peer per minute, so a hostile or broken peer
 * cannot flood the log (the drop itself is always counted in
 * {@link dev.zmqspring.actor.ZmqCounters#dropped()}). Remembers at most {@link #MAX_PEERS} peers;
 * beyond that, drops are counted but not logged until entries age out. Actor thread only.
 */
final class DropLog {

	static final long INTERVAL_MILLIS = 60_000;

	static final int MAX_PEERS = 1024;

	private static final Log logger = LogFactory.getLog(DropLog.class);

	private final String component;

	private final Map<PeerIdentity, Long> lastLogged = new HashMap<>();

	private final PeerIdentity probe = new PeerIdentity(new byte[0]);

	DropLog(String component) {
		this.component = component;
	}

	void dropped(String side, byte[] peer, String reason) {
		if (!logger.isWarnEnabled()) {
			return;
		}
		byte[] key = (peer != null) ? peer : new byte[0];
		long now = System.currentTimeMillis();
		Long last = this.lastLogged.get(this.probe.set(key));
		if (last != null && now - last < INTERVAL_MILLIS) {
			return;
		}
		if (last == null && this.lastLogged.size() >= MAX_PEERS) {
			this.lastLogged.values().removeIf((time) -> now - time >= INTERVAL_MILLIS);
			if (this.lastLogged.size() >= MAX_PEERS) {
				return;
			}
		}
		this.lastLogged.put(new PeerIdentity(key.clone()), now);
		logger.warn("ZeroMQ broker '" + this.component + "' dropped a message from " + side + " peer "
				+ PeerIdentity.describe(key) + ": " + reason + " (logged once per peer per minute)");
	}

}
