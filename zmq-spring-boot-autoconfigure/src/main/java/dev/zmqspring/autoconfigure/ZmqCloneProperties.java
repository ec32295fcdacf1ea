package dev.zmqspring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The Clone servers and client maps (Guide ch.5 "Reliable Pub-Sub (Clone Pattern)"), prefix
 * {@code zmq.clone}: {@code servers.<name>} become {@link dev.zmqspring.clone.CloneServer} beans,
 * {@code clients.<name>} {@link dev.zmqspring.clone.ZmqCloneMap} beans.
 */
@ConfigurationProperties("zmq.clone")
public class ZmqCloneProperties {

	/** Clone servers by name. */
	private final Map<String, Server> servers = new LinkedHashMap<>();

	/** Clone client maps by name. */
	private final Map<String, Client> clients = new LinkedHashMap<>();

	public Map<String, Server> getServers() {
		return this.servers;
	}

	public Map<String, Client> getClients() {
		return this.clients;
	}

	/** One Clone server ({@code zmq.clone.servers.<name>}). */
	public static class Server {

		/** Where the snapshot ROUTER binds, e.g. tcp://*:5556. */
		private @Nullable String bind;

		/** Where the update PUB binds; by default the bind port + 1. */
		private @Nullable String publisher;

		/** Where the collector SUB binds; by default the bind port + 2. */
		private @Nullable String collector;

		/** How often HUGZ is published and TTLs are checked. */
		private Duration heartbeat = Duration.ofSeconds(1);

		/** The largest inbound message of the snapshot and collector sockets. */
		private DataSize maxMessageSize = DataSize.ofMegabytes(1);

		/** Whether this server is one half of the application's Binary Star pair (zmq.binary-star.*). */
		private boolean binaryStar;

		/** The pair peer's snapshot endpoint, e.g. tcp://other:5556 (its publisher is that port + 1). */
		private @Nullable String peer;

		/** The pair peer's publisher endpoint; by default the peer port + 1. */
		private @Nullable String peerPublisher;

		/** A directory to persist the map in; memory only when unset. */
		private @Nullable Path directory;

		/**
		 * The zmq.security.profiles entry of the bound snapshot, publisher and collector sockets (a
		 * curve-server or plain-server profile). Empty: no security.
		 */
		private String security = "";

		/**
		 * The zmq.security.profiles entry of the sockets to the Binary Star peer's snapshot and
		 * publisher (a curve-client or plain-client profile). Required when security is set.
		 */
		private String peerSecurity = "";

		/** Whether the server starts with the application. */
		private boolean autoStartup = true;

		/** Whether the server contributes to health. */
		private boolean health = true;

		public String getSecurity() {
			return this.security;
		}

		public void setSecurity(String security) {
			this.security = security;
		}

		public String getPeerSecurity() {
			return this.peerSecurity;
		}

		public void setPeerSecurity(String peerSecurity) {
			this.peerSecurity = peerSecurity;
		}

		public @Nullable String getBind() {
			return this.bind;
		}

		public void setBind(@Nullable String bind) {
			this.bind = bind;
		}

		public @Nullable String getPublisher() {
			return this.publisher;
		}

		public void setPublisher(@Nullable String publisher) {
			this.publisher = publisher;
		}

		public @Nullable String getCollector() {
			return this.collector;
		}

		public void setCollector(@Nullable String collector) {
			this.collector = collector;
		}

		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public boolean isBinaryStar() {
			return this.binaryStar;
		}

		public void setBinaryStar(boolean binaryStar) {
			this.binaryStar = binaryStar;
		}

		public @Nullable String getPeer() {
			return this.peer;
		}

		public void setPeer(@Nullable String peer) {
			this.peer = peer;
		}

		public @Nullable String getPeerPublisher() {
			return this.peerPublisher;
		}

		public void setPeerPublisher(@Nullable String peerPublisher) {
			this.peerPublisher = peerPublisher;
		}

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public boolean isHealth() {
			return this.health;
		}

		public void setHealth(boolean health) {
			this.health = health;
		}

	}

	/** One Clone client map ({@code zmq.clone.clients.<name>}). */
	public static class Client {

		/** The servers' snapshot endpoints, tried in order (publisher + 1, collector + 2). */
		private List<String> servers = new ArrayList<>();

		/** The key prefix replicated; empty for the whole map. */
		private String subtree = "";

		/** The value type, read and written through the message converters. */
		private Class<?> valueType = String.class;

		/** How long the current server may be silent (no update, no HUGZ) before failing over. */
		private Duration serverTimeout = Duration.ofSeconds(5);

		/**
		 * The zmq.security.profiles entry of the map's sockets to its servers (a curve-client or
		 * plain-client profile). Empty: no security.
		 */
		private String security = "";

		/** Whether the map connects with the application. */
		private boolean autoStartup = true;

		/** Whether the map contributes to health. */
		private boolean health = true;

		public String getSecurity() {
			return this.security;
		}

		public void setSecurity(String security) {
			this.security = security;
		}

		public List<String> getServers() {
			return this.servers;
		}

		public void setServers(List<String> servers) {
			this.servers = servers;
		}

		public String getSubtree() {
			return this.subtree;
		}

		public void setSubtree(String subtree) {
			this.subtree = subtree;
		}

		public Class<?> getValueType() {
			return this.valueType;
		}

		public void setValueType(Class<?> valueType) {
			this.valueType = valueType;
		}

		public Duration getServerTimeout() {
			return this.serverTimeout;
		}

		public void setServerTimeout(Duration serverTimeout) {
			this.serverTimeout = serverTimeout;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public boolean isHealth() {
			return this.health;
		}

		public void setHealth(boolean health) {
			this.health = health;
		}

	}

}
