package dev.zmqspring.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.majordomo.MajordomoClient;

/**
 * The starter's Majordomo pieces (Guide ch.4 "Service-Oriented Reliable Queuing", MDP/0.1) as the
 * Majordomo benchmarks use them: the broker from {@code zmq.brokers.mdp.type=majordomo}, an echo
 * worker {@code @ZmqWorker(service = "echo")}, and the auto-configured {@link MajordomoClient}.
 */
public final class MajordomoSupport {

	/** The service the echo worker registers. */
	public static final String SERVICE = "echo";

	private final MajordomoClient client;

	private MajordomoSupport(MajordomoClient client) {
		this.client = client;
	}

	/**
	 * Finds the auto-configured client in an application.
	 * @param application the running application
	 * @return the client's operations
	 */
	public static MajordomoSupport client(ApplicationContext application) {
		return new MajordomoSupport(application.getBean(MajordomoClient.class));
	}

	/**
	 * One synchronous echo round trip.
	 * @param payload the request body
	 * @return the reply body
	 */
	public byte[] request(byte[] payload) {
		return this.client.request(SERVICE, payload, byte[].class);
	}

	/**
	 * One asynchronous echo request.
	 * @param payload the request body
	 * @return the future reply body
	 */
	public CompletableFuture<byte[]> requestAsync(byte[] payload) {
		return this.client.requestAsync(SERVICE, payload, byte[].class);
	}

	/**
	 * A free loopback port for the broker to bind (the broker's endpoint is a property the client and
	 * worker read, so it must be known before the application starts).
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The properties of a broker on {@code port}. */
	static String[] brokerProperties(int port) {
		return new String[] { "zmq.brokers.mdp.type=majordomo", "zmq.brokers.mdp.endpoint=tcp://127.0.0.1:" + port };
	}

	/** The property that points clients and workers at the broker. */
	static String clientProperty(int port) {
		return "zmq.majordomo.endpoint=tcp://127.0.0.1:" + port;
	}

	/** The echo worker bean. */
	public static class EchoWorker {

		@ZmqWorker(id = "bench-mdp-echo", service = SERVICE)
		public byte[] echo(byte[] body) {
			return body;
		}

	}

	/** An application with the echo worker. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoWorker.class)
	public static class WorkerApp {

	}

}
