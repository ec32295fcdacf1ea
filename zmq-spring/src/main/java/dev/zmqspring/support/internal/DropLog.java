package dev.zmqspring.support.internal;

import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import zmq.Msg;

/**
 * Logs dropped malformed messages at most once per peer per minute, so a hostile or broken peer
 * sending thousands of them costs one log line a minute instead of flooding the log (the drop itself
 * is always counted in {@link dev.zmqspring.actor.ZmqCounters#dropped()}). Used by the brokers of
 * Guide ch.3 (load-balancing broker) and ch.4 (Paranoid Pirate queue, Majordomo) for the Guide's
 * "malformed messages are discarded" rule. Remembers at most {@link #MAX_PEERS} peers; beyond that,
 * drops are counted but not logged until entries age out. Peers are looked up through a reusable
 * {@link ByteKey} probe, so a drop that is not logged allocates nothing. One actor thread only.
 */
public final class DropLog {

	/** How long a peer's drops stay quiet after one was logged. */
	public static final long INTERVAL_MILLIS = 60_000;

	/** How many peers are remembered at most. */
	public static final int MAX_PEERS = 1024;

	private final Log logger;

	private final String component;

	private final Map<ByteKey, Long> lastLogged = new HashMap<>();

	private final ByteKey probe = new ByteKey();

	/**
	 * Creates a drop log.
	 * @param logger where to log
	 * @param component how the dropping component is named in the log line
	 */
	public DropLog(Log logger, String component) {
		this.logger = logger;
		this.component = component;
	}

	/**
	 * Logs a drop unless this peer's last drop was logged less than a minute ago.
	 * @param side which side of the component the peer is on (such as {@code "client"}), or
	 * {@code null}
	 * @param peer the peer's routing id (may be {@code null})
	 * @param reason why the message was dropped
	 * @param now the current time in milliseconds
	 */
	public void dropped(String side, byte[] peer, String reason, long now) {
		if (this.logger.isWarnEnabled()) {
			log(side, this.probe.set(peer), reason, now);
		}
	}

	/**
	 * Logs a drop unless this peer's last drop was logged less than a minute ago.
	 * @param side which side of the component the peer is on, or {@code null}
	 * @param peer the peer's routing id frame (may be {@code null})
	 * @param reason why the message was dropped
	 * @param now the current time in milliseconds
	 */
	public void dropped(String side, Msg peer, String reason, long now) {
		if (this.logger.isWarnEnabled()) {
			log(side, (peer != null) ? this.probe.set(peer) : this.probe.set((byte[]) null), reason, now);
		}
	}

	/**
	 * Logs a line about a peer unless a line about it was logged less than a minute ago: for other
	 * refusals than dropped messages, such as a ZAP handler's denied connections (keyed by address).
	 * @param peer what identifies the peer (routing id or address bytes)
	 * @param message the line
	 * @param now the current time in milliseconds
	 */
	public void warn(byte[] peer, String message, long now) {
		if (this.logger.isWarnEnabled() && due(this.probe.set(peer), now)) {
			this.logger.warn(this.component + ": " + message + " (logged once per peer per minute)");
		}
	}

	private void log(String side, ByteKey key, String reason, long now) {
		if (due(key, now)) {
			this.logger.warn(this.component + " dropped a message from " + ((side != null) ? side + " " : "") + "peer "
					+ key + ": " + reason + " (logged once per peer per minute)");
		}
	}

	private boolean due(ByteKey key, long now) {
		Long last = this.lastLogged.get(key);
		if (last != null && now - last < INTERVAL_MILLIS) {
			return false;
		}
		if (last == null && this.lastLogged.size() >= MAX_PEERS) {
			this.lastLogged.values().removeIf((time) -> now - time >= INTERVAL_MILLIS);
			if (this.lastLogged.size() >= MAX_PEERS) {
				return false;
			}
		}
		this.lastLogged.put(key.copy(), now);
		return true;
	}

}
