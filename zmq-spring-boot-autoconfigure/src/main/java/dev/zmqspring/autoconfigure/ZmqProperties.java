package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the ZeroMQ starter, bound from {@code zmq.*}. Invalid values fail the application
 * at startup, once bound, with the property named ({@link ZmqPropertiesValidator}); endpoint
 * properties take a comma-separated string or a list.
 */
@ConfigurationProperties("zmq")
public class ZmqProperties implements InitializingBean {

	/**
	 * Number of ZContext I/O threads. One per gigabyte per second of traffic is the Guide's rule of
	 * thumb (ch.2 "I/O Threads").
	 */
	private int ioThreads = 1;

	/**
	 * Linux scheduling policy of the auto-configured context's I/O threads: "normal" leaves them alone;
	 * "batch" makes each one SCHED_BATCH when it starts (util-linux chrt), which stops JeroMQ 0.6.0's
	 * wake-up race from making them spin (docs/jeromq.md, "On Linux, set zmq.io-thread-scheduling=batch"). A policy that cannot be
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
	 * zmq.max-message-size is unlimited (its default): such a socket faces whoever can reach its
	 * port, and JeroMQ allocates a frame's claimed size before the payload arrives, so memory held by
	 * hostile claims is at most this size times the open connections. -1 means unlimited. Connecting
	 * sockets stay unlimited; brokers keep their own cap (zmq.brokers.*.max-message-size). See
	 * docs/network.md.
	 */
	private DataSize boundMaxMessageSize = DataSize.ofMegabytes(1);

	/**
	 * Most connections a socket that binds a tcp or ipc endpoint keeps open at once; one over it is
	 * cut within a second of being accepted. 0 means no limit. JeroMQ itself has none, and keeps a peer
	 * that greets and then stays silent until it leaves. See docs/network.md.
	 */
	private int boundMaxConnections = 10_000;

	/**
	 * Most connections from one peer IP address a socket that binds tcp or ipc keeps open at once. 0
	 * means no limit.
	 */
	private int boundMaxConnectionsPerAddress = 1_024;

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

	private final Listener listener = new Listener();

	private final Majordomo majordomo = new Majordomo();

	private final ParanoidPirate paranoidPirate = new ParanoidPirate();

	private final BinaryStar binaryStar = new BinaryStar();

	private final Subscriptions subscriptions = new Subscriptions();

	/**
	 * Checks the bound values; a wrong one fails the startup naming its key.
	 */
	@Override
	public void afterPropertiesSet() {
		ZmqPropertiesValidator.validate(this);
	}

	public int getIoThreads() {
		return this.ioThreads;
	}

	public void setIoThreads(int ioThreads) {
		this.ioThreads = ioThreads;
	}

	public IoThreadScheduling getIoThreadScheduling() {
		return this.ioThreadScheduling;
	}

	public void setIoThreadScheduling(IoThreadScheduling ioThreadScheduling) {
		this.ioThreadScheduling = ioThreadScheduling;
	}

	public Duration getLinger() {
		return this.linger;
	}

	public void setLinger(Duration linger) {
		this.linger = linger;
	}

	public int getSendHwm() {
		return this.sendHwm;
	}

	public void setSendHwm(int sendHwm) {
		this.sendHwm = sendHwm;
	}

	public int getReceiveHwm() {
		return this.receiveHwm;
	}

	public void setReceiveHwm(int receiveHwm) {
		this.receiveHwm = receiveHwm;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public DataSize getBoundMaxMessageSize() {
		return this.boundMaxMessageSize;
	}

	public void setBoundMaxMessageSize(DataSize boundMaxMessageSize) {
		this.boundMaxMessageSize = boundMaxMessageSize;
	}

	public int getBoundMaxConnections() {
		return this.boundMaxConnections;
	}

	public void setBoundMaxConnections(int boundMaxConnections) {
		this.boundMaxConnections = boundMaxConnections;
	}

	public int getBoundMaxConnectionsPerAddress() {
		return this.boundMaxConnectionsPerAddress;
	}

	public void setBoundMaxConnectionsPerAddress(int boundMaxConnectionsPerAddress) {
		this.boundMaxConnectionsPerAddress = boundMaxConnectionsPerAddress;
	}

	public Duration getHandshakeInterval() {
		return this.handshakeInterval;
	}

	public void setHandshakeInterval(Duration handshakeInterval) {
		this.handshakeInterval = handshakeInterval;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Template getTemplate() {
		return this.template;
	}

	public Majordomo getMajordomo() {
		return this.majordomo;
	}

	public ParanoidPirate getParanoidPirate() {
		return this.paranoidPirate;
	}

	public BinaryStar getBinaryStar() {
		return this.binaryStar;
	}

	public Subscriptions getSubscriptions() {
		return this.subscriptions;
	}

	/**
	 * What the subscriptions of the peers of a publisher that binds tcp or ipc (a PUB or XPUB: proxies,
	 * the last value cache, template-bound publishers, Clone, Binary Star, broker peering) may cost. A
	 * subscription over a limit, or a frame that is not a subscription, is dropped and counted and its
	 * connection is cut; the publisher keeps serving the others. See docs/network.md.
	 */
	public static class Subscriptions {

		/**
		 * Longest subscription prefix accepted. At most 4KB: JeroMQ 0.6.0 adds a prefix with one
		 * recursive call per byte, and 6.5KB overflows a 1MB thread stack.
		 */
		private DataSize maxLength = DataSize.ofKilobytes(1);

		/** How many distinct subscriptions one connection may hold. */
		private int maxPerConnection = 10_000;

		/** How many subscriptions all connections of one publisher may hold together. */
		private int maxPerSocket = 50_000;

		/**
		 * How many bytes the distinct subscription prefixes of one publisher may add up to; the
		 * publisher's memory for subscriptions follows it (about 60 bytes per byte in the worst case).
		 */
		private DataSize maxBytes = DataSize.ofKilobytes(256);

		public DataSize getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(DataSize maxLength) {
			this.maxLength = maxLength;
		}

		public int getMaxPerConnection() {
			return this.maxPerConnection;
		}

		public void setMaxPerConnection(int maxPerConnection) {
			this.maxPerConnection = maxPerConnection;
		}

		public int getMaxPerSocket() {
			return this.maxPerSocket;
		}

		public void setMaxPerSocket(int maxPerSocket) {
			this.maxPerSocket = maxPerSocket;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

	}

	/**
	 * This application as one peer of a Binary Star pair (Guide ch.4 "High-Availability Pair"); gates
	 * the brokers, queue proxies and {@code @ZmqWorker(binaryStar = "true")} servers that ask for it.
	 */
	public static class BinaryStar {

		/** This peer's role: primary or backup. Unset: no pair. */
		private Role role;

		/** Where this peer's state publisher binds (the peer's remote), e.g. tcp://*:5003. */
		private List<String> local = new ArrayList<>();

		/** Where the other peer's state publisher is (connects), e.g. tcp://peer:5004. */
		private List<String> remote = new ArrayList<>();

		/** How often each peer publishes its state; the peer is silent after two heartbeats. */
		private Duration heartbeat = Duration.ofSeconds(1);

		/** After how long an unheard peer shows as the detail peer=SILENT of the 'binaryStar' health (which stays UP). */
		private Duration peerGrace = Duration.ofSeconds(30);

		/**
		 * The zmq.security.profiles entry of the bound state publisher (a curve-server or plain-server
		 * profile; the peer authenticates with it). Empty: no security.
		 */
		private String security = "";

		/**
		 * The zmq.security.profiles entry of the subscriber to the peer's state publisher (a curve-client
		 * or plain-client profile carrying the peer's server key). Required when security is set.
		 */
		private String peerSecurity = "";

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

		public Role getRole() {
			return this.role;
		}

		public void setRole(Role role) {
			this.role = role;
		}

		public List<String> getLocal() {
			return this.local;
		}

		public void setLocal(List<String> local) {
			this.local = local;
		}

		public List<String> getRemote() {
			return this.remote;
		}

		public void setRemote(List<String> remote) {
			this.remote = remote;
		}

		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

		public Duration getPeerGrace() {
			return this.peerGrace;
		}

		public void setPeerGrace(Duration peerGrace) {
			this.peerGrace = peerGrace;
		}

		/** The role of a Binary Star peer. */
		public enum Role {

			/** The peer that is active when both start. */
			PRIMARY,

			/** The peer that takes over when the primary dies. */
			BACKUP

		}

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

		/**
		 * Whether ZmqTemplate creates Micrometer observations: zmq.send for publish, push and send,
		 * zmq.request for request and requestAsync.
		 */
		private boolean observationEnabled;

		/**
		 * Endpoints, exactly as passed to the template, whose messages carry the trace-context frame
		 * (the W3C traceparent as a trailing frame; "*" for every endpoint). Only for peers that are
		 * starter listeners accepting trace context (zmq.listener.trace-propagation), directly or
		 * through the Guide's brokers: any other peer sees an extra frame.
		 */
		private List<String> tracePropagation = new ArrayList<>();

		/**
		 * Endpoints, exactly as passed to publish ("*" for all), whose messages carry a publish stamp
		 * (a trailing frame with the time of publishing) for subscribers with maxLag (Guide ch.5 Suicidal
		 * Snail). Only for such subscribers: any other sees an extra frame.
		 */
		private List<String> publishStamp = new ArrayList<>();

		/**
		 * The zmq.security.profiles entry of every socket the template creates (a curve-client or
		 * plain-client profile to talk to secured servers). Empty: no security.
		 */
		private String security = "";

		public String getSecurity() {
			return this.security;
		}

		public void setSecurity(String security) {
			this.security = security;
		}

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public List<String> getTracePropagation() {
			return this.tracePropagation;
		}

		public void setTracePropagation(List<String> tracePropagation) {
			this.tracePropagation = tracePropagation;
		}

		public List<String> getPublishStamp() {
			return this.publishStamp;
		}

		public void setPublishStamp(List<String> publishStamp) {
			this.publishStamp = publishStamp;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public int getRequestRetries() {
			return this.requestRetries;
		}

		public void setRequestRetries(int requestRetries) {
			this.requestRetries = requestRetries;
		}

	}

	/** Settings of every {@code @ZmqSubscriber} and {@code @ZmqWorker} listener. */
	public static class Listener {

		/** Whether each listener invocation creates a Micrometer observation (zmq.process). */
		private boolean observationEnabled;

		/**
		 * Whether listeners remove a trailing trace-context frame from each message before the method
		 * sees it, and continue its trace when observation is enabled. Off: messages reach methods as
		 * received.
		 */
		private boolean tracePropagation;

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public boolean isTracePropagation() {
			return this.tracePropagation;
		}

		public void setTracePropagation(boolean tracePropagation) {
			this.tracePropagation = tracePropagation;
		}

	}

	/** The kinds of stateless proxy (Guide ch.2 "ZeroMQ's Built-In Proxy Function"). */
	public enum ProxyType {

		/** XSUB frontend, XPUB backend: pub-sub forwarder with subscription forwarding. */
		FORWARDER,
		/** ROUTER frontend, DEALER backend: shared request-reply queue. */
		QUEUE,
		/** PULL frontend, PUSH backend: pipeline streamer. */
		STREAMER,
		/**
		 * XSUB frontend, verbose XPUB backend that answers each subscription with the last message of
		 * its topics (Guide ch.5 "Last Value Caching").
		 */
		LAST_VALUE_CACHE

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

	/**
	 * The workers of {@code @ZmqWorker(protocol = "paranoid-pirate")} (Guide ch.4 "Robust Reliable
	 * Queuing", spec 6/PPP). The defaults are the Guide's ppworker; match the queue's heartbeat-interval.
	 */
	public static class ParanoidPirate {

		/** How often a worker heartbeats (and expects the queue to); the Guide's ppworker: 1s. */
		private Duration heartbeatInterval = Duration.ofSeconds(1);

		/** Missed queue heartbeats after which a worker reconnects on a fresh socket. */
		private int heartbeatLiveness = 3;

		/** First pause before a worker reconnects after losing its queue. */
		private Duration reconnectInitial = Duration.ofSeconds(1);

		/** Cap of the pause, which doubles on every failed reconnect. */
		private Duration reconnectMax = Duration.ofSeconds(32);

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

		public Duration getReconnectInitial() {
			return this.reconnectInitial;
		}

		public void setReconnectInitial(Duration reconnectInitial) {
			this.reconnectInitial = reconnectInitial;
		}

		public Duration getReconnectMax() {
			return this.reconnectMax;
		}

		public void setReconnectMax(Duration reconnectMax) {
			this.reconnectMax = reconnectMax;
		}

	}

	/** Where Majordomo clients and workers connect (Guide ch.4 "Service-Oriented Reliable Queuing"). */
	public static class Majordomo {

		/**
		 * The broker endpoint(s) MajordomoClient and @ZmqWorker(service=...) connect to, a list or
		 * comma-separated. Setting it creates the MajordomoClient bean.
		 */
		private List<String> endpoint = new ArrayList<>();

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

		/** Whether MajordomoClient creates Micrometer observations (zmq.request, tagged with the service). */
		private boolean observationEnabled;

		/**
		 * Services whose MajordomoClient requests carry the trace-context frame as their last body frame
		 * ("*" for every service). The broker passes it on; the worker must be a starter worker with
		 * zmq.listener.trace-propagation on.
		 */
		private List<String> tracePropagation = new ArrayList<>();

		/**
		 * The zmq.security.profiles entry of MajordomoClient's sockets and of @ZmqWorker(service=...)
		 * workers that name no security of their own (a curve-client or plain-client profile). Empty: no
		 * security.
		 */
		private String security = "";

		public String getSecurity() {
			return this.security;
		}

		public void setSecurity(String security) {
			this.security = security;
		}

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public List<String> getTracePropagation() {
			return this.tracePropagation;
		}

		public void setTracePropagation(List<String> tracePropagation) {
			this.tracePropagation = tracePropagation;
		}

		public List<String> getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(List<String> endpoint) {
			this.endpoint = endpoint;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public int getRequestRetries() {
			return this.requestRetries;
		}

		public void setRequestRetries(int requestRetries) {
			this.requestRetries = requestRetries;
		}

		public int getAsyncConnections() {
			return this.asyncConnections;
		}

		public void setAsyncConnections(int asyncConnections) {
			this.asyncConnections = asyncConnections;
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

		public Duration getReconnectInterval() {
			return this.reconnectInterval;
		}

		public void setReconnectInterval(Duration reconnectInterval) {
			this.reconnectInterval = reconnectInterval;
		}

	}

}
