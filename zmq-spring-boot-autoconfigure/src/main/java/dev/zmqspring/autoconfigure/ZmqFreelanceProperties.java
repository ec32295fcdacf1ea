package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.zmqspring.freelance.FreelanceStrategy;

/**
 * {@code zmq.freelance.*}: Freelance clients and the Freelance server protocol (Guide ch.4
 * "Brokerless Reliability", spec 10/FLP). Each {@code zmq.freelance.clients.<name>} becomes a
 * {@link dev.zmqspring.freelance.FreelanceClient} bean.
 */
@ConfigurationProperties("zmq.freelance")
public class ZmqFreelanceProperties {

	/** The Freelance clients, by name. */
	private Map<String, Client> clients = new LinkedHashMap<>();

	/** The {@code @ZmqWorker(protocol = "freelance")} servers. */
	private Server server = new Server();

	public Map<String, Client> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, Client> clients) {
		this.clients = clients;
	}

	public Server getServer() {
		return this.server;
	}

	public void setServer(Server server) {
		this.server = server;
	}

	/** One Freelance client. */
	public static class Client {

		/** The servers' endpoints, e.g. tcp://localhost:5555 (model 3: exactly each server's identity). */
		private List<String> servers = new ArrayList<>();

		/** sequential (model 1), shotgun (model 2) or router (model 3). */
		private FreelanceStrategy strategy = FreelanceStrategy.ROUTER;

		/** How long each attempt waits for its reply. */
		private Duration requestTimeout = Duration.ofSeconds(1);

		/** How often a silent server is pinged (router). */
		private Duration pingInterval = Duration.ofSeconds(2);

		/** How long a server counts as alive after it was last heard from (router). */
		private Duration serverTtl = Duration.ofSeconds(6);

		/**
		 * The zmq.security.profiles entry of the client's sockets (a curve-client or plain-client
		 * profile). Empty: no security.
		 */
		private String security = "";

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

		public FreelanceStrategy getStrategy() {
			return this.strategy;
		}

		public void setStrategy(FreelanceStrategy strategy) {
			this.strategy = strategy;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public Duration getServerTtl() {
			return this.serverTtl;
		}

		public void setServerTtl(Duration serverTtl) {
			this.serverTtl = serverTtl;
		}

	}

	/** The Freelance server protocol. */
	public static class Server {

		/** The host put in place of a wildcard (*) in a server's identity (its public endpoint). */
		private String publicHost = "localhost";

		public String getPublicHost() {
			return this.publicHost;
		}

		public void setPublicHost(String publicHost) {
			this.publicHost = publicHost;
		}

	}

}
