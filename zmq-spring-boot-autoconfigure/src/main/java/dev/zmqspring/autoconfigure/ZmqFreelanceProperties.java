package dev.zmqspring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code zmq.freelance.server.*}: the Freelance server protocol (Guide ch.4 "Brokerless Reliability",
 * spec 10/FLP). The clients, {@code zmq.freelance.clients.<name>}, are entries of their own
 * ({@link ZmqFreelanceClientEntry}).
 */
@ConfigurationProperties("zmq.freelance")
public class ZmqFreelanceProperties {

	/** The {@code @ZmqWorker(protocol = "freelance")} servers. */
	private Server server = new Server();

	public Server getServer() {
		return this.server;
	}

	public void setServer(Server server) {
		this.server = server;
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
