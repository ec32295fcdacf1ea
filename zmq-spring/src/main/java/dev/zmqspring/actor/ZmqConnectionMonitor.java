package dev.zmqspring.actor;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

import org.zeromq.ZMQ;

import dev.zmqspring.support.ZmqConnectionLimits;
import dev.zmqspring.support.internal.ZmqSubscriptionGuard;

/**
 * Watches one bound socket's connections through JeroMQ's socket monitor and counts them into the
 * actor's {@link ZmqCounters}. The monitor's PAIR socket is created, read and closed by the actor
 * thread like every other socket of the actor; JeroMQ writes the events from its I/O threads into
 * its own end of the pipe.
 *
 * <p>What JeroMQ 0.6.0 reports: {@code ACCEPTED} and {@code DISCONNECTED} with the connection's
 * channel, {@code HANDSHAKE_PROTOCOL} when a greeting completed (without the channel), and
 * {@code HANDSHAKE_FAILED_*} only for a few failures of the security handshake. A connection dropped
 * for junk or a timeout before its greeting completed gets no event of its own. So <em>rejected</em>
 * is derived: every connection older than the handshake interval that is still open has completed
 * its greeting (JeroMQ drops it otherwise), hence connections that never completed it and are no
 * longer pending were rejected: {@code (accepted + connected - handshaken) - open connections younger
 * than the handshake interval}, plus the handshake failures. It is a lower bound while connections
 * are young and exact once they are not, and it never decreases. A connection dropped after its
 * greeting (e.g. a frame above the cap) shows as a disconnect, not as rejected; refused frame claims
 * are counted separately ({@link ZmqCounters#getFramesRejected()}).
 *
 * <p>It keeps the socket within its {@link ZmqConnectionLimits}: an accepted connection over a limit
 * is cut (its channel's input shut, so JeroMQ's engine reads the end of the stream and closes it the
 * ordinary way) and counted as refused. For a bound publisher it also tells the socket's {@link ZmqSubscriptionGuard} which channel each
 * connection has, so the guard can cut one that goes over a subscription limit.
 */
final class ZmqConnectionMonitor implements ZmqSocketHandler {

	private final ZMQ.Socket monitored;

	private final ZMQ.Socket pipe;

	private final ZmqCounters counters;

	private final long pendingMillis;

	// connection channel -> when it was accepted or connected; the strong reference keeps JeroMQ's
	// weakly forwarded channel resolvable until its DISCONNECTED event
	private final Map<Object, Long> open = new IdentityHashMap<>();

	private final ZmqSubscriptionGuard subscriptions;

	private final ZmqConnectionLimits limits;

	// accepted connection channel -> its peer's IP address, and how many are open per address
	private final Map<Object, String> addresses = new IdentityHashMap<>();

	private final Map<String, Integer> perAddress = new HashMap<>();

	private long started;

	private long handshaken;

	private long failures;

	private long rejected;

	ZmqConnectionMonitor(ZMQ.Socket monitored, ZMQ.Socket pipe, ZmqCounters counters, Duration handshakeInterval,
			ZmqSubscriptionGuard subscriptions, ZmqConnectionLimits limits) {
		this.monitored = monitored;
		this.subscriptions = subscriptions;
		this.limits = limits;
		this.pipe = pipe;
		this.counters = counters;
		long interval = handshakeInterval.isZero() ? 30_000 : handshakeInterval.toMillis();
		this.pendingMillis = interval + 1000; // JeroMQ's timer runs on its I/O thread: allow some slack
	}

	ZMQ.Socket monitored() {
		return this.monitored;
	}

	ZMQ.Socket pipe() {
		return this.pipe;
	}

	@Override
	public void onReadable(ZMQ.Socket socket) {
		long accepted = 0;
		long greeted = 0;
		long disconnected = 0;
		long openDelta = 0;
		long now = System.currentTimeMillis();
		for (int i = 0; i < 4096; i++) {
			ZMQ.Event event = ZMQ.Event.recv(this.pipe, ZMQ.DONTWAIT);
			if (event == null) {
				break;
			}
			switch (event.getEvent()) {
				case ZMQ.EVENT_ACCEPTED, ZMQ.EVENT_CONNECTED -> {
					if (event.getEvent() == ZMQ.EVENT_ACCEPTED) {
						accepted++;
					}
					this.started++;
					Object channel = event.resolveValue();
					if (channel != null && this.open.put(channel, now) == null) {
						openDelta++;
					}
					if (channel != null && this.subscriptions != null) {
						this.subscriptions.accepted(channel);
					}
					if (channel != null && event.getEvent() == ZMQ.EVENT_ACCEPTED) {
						admit(channel);
					}
				}
				case ZMQ.EVENT_HANDSHAKE_PROTOCOL -> {
					greeted++;
					this.handshaken++;
				}
				case ZMQ.EVENT_DISCONNECTED -> {
					disconnected++;
					Object channel = event.resolveValue();
					if (channel != null && this.open.remove(channel) != null) {
						openDelta--;
					}
					if (channel != null && this.subscriptions != null) {
						this.subscriptions.disconnected(channel);
					}
					if (channel != null) {
						forget(channel);
					}
				}
				case ZMQ.HANDSHAKE_FAILED_NO_DETAIL, ZMQ.HANDSHAKE_FAILED_PROTOCOL,
						ZMQ.HANDSHAKE_FAILED_AUTH -> this.failures++;
				default -> {
				}
			}
		}
		if (this.subscriptions != null && this.open.isEmpty()) {
			this.subscriptions.idle();
		}
		long young = 0;
		long since = now - this.pendingMillis;
		for (Long at : this.open.values()) {
			if (at > since) {
				young++;
			}
		}
		long estimate = this.failures + Math.max(0, this.started - this.handshaken - young);
		long newlyRejected = Math.max(0, estimate - this.rejected);
		this.rejected += newlyRejected;
		this.counters.connections(accepted, greeted, disconnected, newlyRejected, openDelta);
	}

	/** Counts an accepted connection against the limits and cuts it if it is over one. */
	private void admit(Object channel) {
		if (!(channel instanceof SocketChannel socketChannel) || this.addresses.containsKey(channel)) {
			return;
		}
		InetAddress remote = socketChannel.socket().getInetAddress();
		String address = (remote != null) ? remote.getHostAddress() : "?";
		this.addresses.put(channel, address);
		int fromAddress = this.perAddress.merge(address, 1, Integer::sum);
		if (this.limits.refuses(this.addresses.size(), fromAddress)) {
			this.counters.connectionRefused();
			try {
				// JeroMQ's engine reads the end of the stream and closes the connection on its own thread
				socketChannel.shutdownInput();
			}
			catch (IOException ex) {
				// already closed
			}
		}
	}

	private void forget(Object channel) {
		String address = this.addresses.remove(channel);
		if (address != null) {
			this.perAddress.computeIfPresent(address, (key, count) -> (count > 1) ? count - 1 : null);
		}
	}

	/** Forgets the connections still open (the socket closes); keeps the counts. */
	void closed() {
		this.counters.connections(0, 0, 0, 0, -this.open.size());
		this.open.clear();
		this.addresses.clear();
		this.perAddress.clear();
	}

}
