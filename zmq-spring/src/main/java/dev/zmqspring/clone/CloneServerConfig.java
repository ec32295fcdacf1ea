package dev.zmqspring.clone;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link CloneServer} binds and how it behaves (Guide ch.5, clonesrv6). By the Guide's
 * convention the publisher is the snapshot port + 1 and the collector + 2; here each is explicit.
 *
 * @param snapshot where the snapshot ROUTER binds
 * @param publisher where the update PUB binds
 * @param collector where the collector SUB binds (clients' updates)
 * @param heartbeat how often {@code HUGZ} is published and TTLs are checked
 * @param maxMessageSize the largest inbound message the snapshot and collector sockets accept
 * @param peerSnapshot the pair peer's snapshot endpoint, {@code null} without a pair
 * @param peerPublisher the pair peer's publisher endpoint, {@code null} without a pair
 * @param directory where the map is persisted, {@code null} for memory only
 */
public record CloneServerConfig(String snapshot, String publisher, String collector, Duration heartbeat,
		long maxMessageSize, @Nullable String peerSnapshot, @Nullable String peerPublisher, @Nullable Path directory) {

	/** The Guide's heartbeat: one second. */
	public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);

	/** The default inbound cap: 1 MB. */
	public static final long DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

	/**
	 * A single server with the Guide's defaults.
	 * @param snapshot snapshot endpoint
	 * @param publisher publisher endpoint
	 * @param collector collector endpoint
	 * @return the configuration
	 */
	public static CloneServerConfig of(String snapshot, String publisher, String collector) {
		return new CloneServerConfig(snapshot, publisher, collector, DEFAULT_HEARTBEAT, DEFAULT_MAX_MESSAGE_SIZE, null,
				null, null);
	}

	/**
	 * A copy with another heartbeat.
	 * @param interval the heartbeat
	 * @return the copy
	 */
	public CloneServerConfig withHeartbeat(Duration interval) {
		return new CloneServerConfig(this.snapshot, this.publisher, this.collector, interval, this.maxMessageSize,
				this.peerSnapshot, this.peerPublisher, this.directory);
	}

	/**
	 * A copy with another inbound cap.
	 * @param bytes the cap
	 * @return the copy
	 */
	public CloneServerConfig withMaxMessageSize(long bytes) {
		return new CloneServerConfig(this.snapshot, this.publisher, this.collector, this.heartbeat, bytes,
				this.peerSnapshot, this.peerPublisher, this.directory);
	}

	/**
	 * A copy for one peer of a pair.
	 * @param snapshotOfPeer the peer's snapshot endpoint
	 * @param publisherOfPeer the peer's publisher endpoint
	 * @return the copy
	 */
	public CloneServerConfig withPeer(String snapshotOfPeer, String publisherOfPeer) {
		return new CloneServerConfig(this.snapshot, this.publisher, this.collector, this.heartbeat,
				this.maxMessageSize, snapshotOfPeer, publisherOfPeer, this.directory);
	}

	/**
	 * A copy that persists the map.
	 * @param path the directory
	 * @return the copy
	 */
	public CloneServerConfig withDirectory(@Nullable Path path) {
		return new CloneServerConfig(this.snapshot, this.publisher, this.collector, this.heartbeat,
				this.maxMessageSize, this.peerSnapshot, this.peerPublisher, path);
	}

}
