package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the ZeroMQ starter, bound from {@code zmq.*}. Invalid values fail the application
 * at startup with the property named.
 */
@ConfigurationProperties("zmq")
public class ZmqProperties {

	/**
	 * Number of ZContext I/O threads. One per gigabyte per second of traffic is the Guide's rule of
	 * thumb (ch.2 "I/O Threads").
	 */
	private int ioThreads = 1;

	/**
	 * Linux scheduling policy of the auto-configured context's I/O threads: "normal" leaves them alone;
	 * "batch" makes each one SCHED_BATCH when it starts (util-linux chrt), which stops JeroMQ 0.6.0's
	 * wake-up race from making them spin (README, "Known JeroMQ 0.6.0 issues"). A policy that cannot be
	 * applied is logged and the thread runs normally.
	 */
	private IoThreadScheduling ioThreadScheduling = IoThreadScheduling.NORMAL;

	/**
	 * Default linger of every socket: how long pending outgoing messages are kept when a socket closes
	 * (Guide ch.1 "Making a Clean Exit").
	 */
	private Duration linger = Duration.ofSeconds(1);

	/** Default send high-water mark, in messages (0 = unlimited; Guide ch.2 "High-Water Marks"). */
	private int sendHwm = 1000;

	/** Default receive high-water mark, in messages (0 = unlimited). */
	private int receiveHwm = 1000;

	/**
	 * Largest inbound message accepted from a peer; larger ones make JeroMQ drop the connection. -1
	 * means unlimited. Brokers apply their own cap (see zmq.brokers.*.max-message-size).
	 */
	private DataSize maxMessageSize = DataSize.ofBytes(-1);

	/**
	 * Largest inbound frame on a socket that binds a tcp or ipc endpoint (listeners, proxies) when
	 * zmq.max-message-size is unlimited: such a socket faces whoever can reach its port, and JeroMQ
	 * allocates a frame's claimed size before the payload arrives. -1 means unlimited. Brokers keep
	 * their own cap (zmq.brokers.*.max-message-size). See docs/network.md.
	 */
	private DataSize boundMaxMessageSize = DataSize.ofMegabytes(1);

	/**
	 * How long the ZMTP greeting of a new connection may take before it is dropped and
	 * re-established; 0 keeps JeroMQ's 30s. Short by default: JeroMQ 0.6.0 stalls 1-5% of fresh
	 * outgoing connections in its poller (upstream PR #1022) and this timer is what recovers them.
	 */
	private Duration handshakeInterval = Duration.ofSeconds(2);

	/**
	 * How long stopping a listener, proxy or broker may take: in-flight handlers finish and their
	 * replies go out within this time. Also the longest closing the auto-configured ZContext waits
	 * for JeroMQ's termination (0: no limit for the context).
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	private final Template template = new Template();

	/** Stateless devices (Guide ch.2 "Intermediaries and Proxies"), one thread each, by name. */
	private final Map<String, Proxy> proxies = new LinkedHashMap<>();

	/** Stateful brokers (Guide ch.3-4), one thread each, by name. */
	private final Map<String, Broker> brokers = new LinkedHashMap<>();

	private final Majordomo majordomo = new Majordomo();

	public int getIoThreads() {
		return this.ioThreads;
	}

	public void setIoThreads(int ioThreads) {
		if (ioThreads < 1) {
			throw new IllegalArgumentException("zmq.io-threads must be at least 1 but was " + ioThreads);
		}
		this.ioThreads = ioThreads;
	}

	public IoThreadScheduling getIoThreadScheduling() {
		return this.ioThreadScheduling;
	}

	public void setIoThreadScheduling(IoThreadScheduling ioThreadScheduling) {
		if (ioThreadScheduling == null) {
			throw new IllegalArgumentException("zmq.io-thread-scheduling must be normal or batch");
		}
		this.ioThreadScheduling = ioThreadScheduling;
	}

	public Duration getLinger() {
		return this.linger;
	}

	public void setLinger(Duration linger) {
		if (linger != null && linger.isNegative() && !linger.equals(Duration.ofMillis(-1))) {
			throw new IllegalArgumentException("zmq.linger must be >= 0 (or -1ms for forever) but was " + linger);
		}
		this.linger = linger;
	}

	public int getSendHwm() {
		return this.sendHwm;
	}

	public void setSendHwm(int sendHwm) {
		if (sendHwm < 0) {
			throw new IllegalArgumentException("zmq.send-hwm must be >= 0 but was " + sendHwm);
		}
		this.sendHwm = sendHwm;
	}

	public int getReceiveHwm() {
		return this.receiveHwm;
	}

	public void setReceiveHwm(int receiveHwm) {
		if (receiveHwm < 0) {
			throw new IllegalArgumentException("zmq.receive-hwm must be >= 0 but was " + receiveHwm);
		}
		this.receiveHwm = receiveHwm;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		if (maxMessageSize != null && maxMessageSize.toBytes() < -1) {
			throw new IllegalArgumentException("zmq.max-message-size must be -1 (unlimited) or >= 0 but was "
					+ maxMessageSize);
		}
		this.maxMessageSize = maxMessageSize;
	}

	public DataSize getBoundMaxMessageSize() {
		return this.boundMaxMessageSize;
	}

	public void setBoundMaxMessageSize(DataSize boundMaxMessageSize) {
		if (boundMaxMessageSize == null || boundMaxMessageSize.toBytes() < -1) {
			throw new IllegalArgumentException("zmq.bound-max-message-size must be -1 (unlimited) or >= 0 but was "
					+ boundMaxMessageSize);
		}
		this.boundMaxMessageSize = boundMaxMessageSize;
	}

	public Duration getHandshakeInterval() {
		return this.handshakeInterval;
	}

	public void setHandshakeInterval(Duration handshakeInterval) {
		if (handshakeInterval == null || handshakeInterval.isNegative()) {
			throw new IllegalArgumentException("zmq.handshake-interval must be >= 0 but was " + handshakeInterval);
		}
		this.handshakeInterval = handshakeInterval;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
			throw new IllegalArgumentException("zmq.shutdown-timeout must be >= 0 but was " + shutdownTimeout);
		}
		this.shutdownTimeout = shutdownTimeout;
	}

	public Template getTemplate() {
		return this.template;
	}

	public Map<String, Proxy> getProxies() {
		return this.proxies;
	}

	public Map<String, Broker> getBrokers() {
		return this.brokers;
	}

	public Majordomo getMajordomo() {
		return this.majordomo;
	}

	/**
	 * Scheduling policies for JeroMQ's I/O threads ({@code zmq.io-thread-scheduling}; Guide ch.2
	 * "I/O threads").
	 */
	public enum IoThreadScheduling {

		/** The JVM's default (SCHED_OTHER on Linux): nothing is changed. */
		NORMAL,

		/**
		 * Linux SCHED_BATCH: a woken I/O thread no longer preempts a running thread, so JeroMQ 0.6.0's
		 * wake-up race cannot make it spin. A woken I/O thread may wait for a busy core's time slice
		 * instead. Needs Linux and util-linux's chrt.
		 */
		BATCH

	}

	/** The ZmqTemplate's Lazy Pirate client settings (Guide ch.4 "Client-Side Reliability"). */
	public static class Template {

		/** How long each request attempt waits for a reply. */
		private Duration requestTimeout = Duration.ofMillis(2500);

		/** How many times a request that timed out is sent again, each time on a fresh socket. */
		private int requestRetries = 3;

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
				throw new IllegalArgumentException(
						"zmq.template.request-timeout must be positive but was " + requestTimeout);
			}
			this.requestTimeout = requestTimeout;
		}

		public int getRequestRetries() {
			return this.requestRetries;
		}

		public void setRequestRetries(int requestRetries) {
			if (requestRetries < 0) {
				throw new IllegalArgumentException("zmq.template.request-retries must be >= 0 but was " + requestRetries);
			}
			this.requestRetries = requestRetries;
		}

	}

	/** The kinds of stateless proxy (Guide ch.2 "ZeroMQ's Built-In Proxy Function"). */
	public enum ProxyType {

		/** XSUB frontend, XPUB backend: pub-sub forwarder with subscription forwarding. */
		FORWARDER,
		/** ROUTER frontend, DEALER backend: shared request-reply queue. */
		QUEUE,
		/** PULL frontend, PUSH backend: pipeline streamer. */
		STREAMER

	}

	/** One proxy, {@code zmq.proxies.<name>}. */
	public static class Proxy {

		/** Proxy kind: forwarder (XSUB/XPUB), queue (ROUTER/DEALER) or streamer (PULL/PUSH). */
		private ProxyType type;

		/** Frontend endpoint(s), comma-separated; bound unless prefixed with '>'. */
		private String frontend;

		/** Backend endpoint(s), comma-separated; bound unless prefixed with '>'. */
		private String backend;

		/** Optional capture endpoint: every message is also sent here (a PUB, bound unless '>'). */
		private String capture;

		/** Whether the proxy starts with the application. */
		private boolean autoStartup = true;

		/** Whether the proxy contributes to the 'zmq' health indicator. */
		private boolean health = true;

		public ProxyType getType() {
			return this.type;
		}

		public void setType(ProxyType type) {
			this.type = type;
		}

		public String getFrontend() {
			return this.frontend;
		}

		public void setFrontend(String frontend) {
			this.frontend = frontend;
		}

		public String getBackend() {
			return this.backend;
		}

		public void setBackend(String backend) {
			this.backend = backend;
		}

		public String getCapture() {
			return this.capture;
		}

		public void setCapture(String capture) {
			this.capture = capture;
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

	/** The kinds of stateful broker. */
	public enum BrokerType {

		/** Guide ch.3 load-balancing (LRU) broker. */
		LOAD_BALANCING,
		/** Guide ch.4 Paranoid Pirate queue (spec 6/PPP). */
		PARANOID_PIRATE,
		/** Guide ch.4 Majordomo broker (spec 7/MDP with 8/MMI). */
		MAJORDOMO

	}

	/** One broker, {@code zmq.brokers.<name>}. */
	public static class Broker {

		/** Broker kind: load-balancing, paranoid-pirate or majordomo. */
		private BrokerType type;

		/** Clients' endpoint (load-balancing, paranoid-pirate); bound unless prefixed with '>'. */
		private String frontend;

		/** Workers' endpoint (load-balancing, paranoid-pirate); bound unless prefixed with '>'. */
		private String backend;

		/** The one endpoint clients and workers share (majordomo). */
		private String endpoint;

		/** Heartbeat interval (paranoid-pirate, majordomo). */
		private Duration heartbeatInterval = Duration.ofMillis(2500);

		/** Missed heartbeats after which a peer is considered dead. */
		private int heartbeatLiveness = 3;

		/**
		 * Largest message accepted from clients and workers. Unset: zmq.max-message-size if that is
		 * set, otherwise 1MB. Junk beyond this is dropped with the connection.
		 */
		private DataSize maxMessageSize;

		/** Whether the broker starts with the application. */
		private boolean autoStartup = true;

		/** Whether the broker contributes to the 'zmq' health indicator. */
		private boolean health = true;

		private final Titanic titanic = new Titanic();

		public BrokerType getType() {
			return this.type;
		}

		public void setType(BrokerType type) {
			this.type = type;
		}

		public String getFrontend() {
			return this.frontend;
		}

		public void setFrontend(String frontend) {
			this.frontend = frontend;
		}

		public String getBackend() {
			return this.backend;
		}

		public void setBackend(String backend) {
			this.backend = backend;
		}

		public String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(String endpoint) {
			this.endpoint = endpoint;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public int getHeartbeatLiveness() {
			return this.heartbeatLiveness;
		}

		public void setHeartbeatLiveness(int heartbeatLiveness) {
			this.heartbeatLiveness = heartbeatLiveness;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
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

		public Titanic getTitanic() {
			return this.titanic;
		}

	}

	/** Titanic (spec 9/TSP) on a Majordomo broker: disk-backed fire-and-forget requests. */
	public static class Titanic {

		/** Whether the broker also runs the titanic.request/reply/close services. */
		private boolean enabled;

		/** Where requests and replies are stored. */
		private String directory = "titanic";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getDirectory() {
			return this.directory;
		}

		public void setDirectory(String directory) {
			this.directory = directory;
		}

	}

	/** Where Majordomo clients and workers connect (Guide ch.4 "Service-Oriented Reliable Queuing"). */
	public static class Majordomo {

		/**
		 * The broker endpoint MajordomoClient and @ZmqWorker(service=...) connect to. Setting it
		 * creates the MajordomoClient bean.
		 */
		private String endpoint;

		/** How long each MajordomoClient request attempt waits for a reply (Guide ch.4 mdcliapi). */
		private Duration requestTimeout = Duration.ofMillis(2500);

		/** How many times a timed-out MajordomoClient request is resent, each time on a fresh socket. */
		private int requestRetries = 3;

		/**
		 * How many requests per service MajordomoClient.requestAsync keeps in flight. MDP/0.1 has no
		 * request id, so each in-flight request uses its own connection to the broker (opened when
		 * first needed); further requests wait in the client.
		 */
		private int asyncConnections = 64;

		/** Heartbeat interval of Majordomo workers (match the broker's heartbeat-interval). */
		private Duration heartbeatInterval = Duration.ofMillis(2500);

		/** Missed broker heartbeats after which a worker reconnects with a fresh socket. */
		private int heartbeatLiveness = 3;

		/** Pause before a worker reconnects after losing its broker. */
		private Duration reconnectInterval = Duration.ofMillis(2500);

		public String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(String endpoint) {
			this.endpoint = endpoint;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
				throw new IllegalArgumentException(
						"zmq.majordomo.request-timeout must be positive but was " + requestTimeout);
			}
			this.requestTimeout = requestTimeout;
		}

		public int getRequestRetries() {
			return this.requestRetries;
		}

		public void setRequestRetries(int requestRetries) {
			if (requestRetries < 0) {
				throw new IllegalArgumentException("zmq.majordomo.request-retries must be >= 0 but was " + requestRetries);
			}
			this.requestRetries = requestRetries;
		}

		public int getAsyncConnections() {
			return this.asyncConnections;
		}

		public void setAsyncConnections(int asyncConnections) {
			if (asyncConnections < 1) {
				throw new IllegalArgumentException(
						"zmq.majordomo.async-connections must be >= 1 but was " + asyncConnections);
			}
			this.asyncConnections = asyncConnections;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
				throw new IllegalArgumentException(
						"zmq.majordomo.heartbeat-interval must be positive but was " + heartbeatInterval);
			}
			this.heartbeatInterval = heartbeatInterval;
		}

		public int getHeartbeatLiveness() {
			return this.heartbeatLiveness;
		}

		public void setHeartbeatLiveness(int heartbeatLiveness) {
			if (heartbeatLiveness < 1) {
				throw new IllegalArgumentException(
						"zmq.majordomo.heartbeat-liveness must be >= 1 but was " + heartbeatLiveness);
			}
			this.heartbeatLiveness = heartbeatLiveness;
		}

		public Duration getReconnectInterval() {
			return this.reconnectInterval;
		}

		public void setReconnectInterval(Duration reconnectInterval) {
			if (reconnectInterval == null || reconnectInterval.isNegative()) {
				throw new IllegalArgumentException(
						"zmq.majordomo.reconnect-interval must be >= 0 but was " + reconnectInterval);
			}
			this.reconnectInterval = reconnectInterval;
		}

	}

}
