package dev.zmqspring.benchmarks;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * The starter's Majordomo pieces (Guide ch.4 "Service-Oriented Reliable Queuing", MDP/0.1) as the
 * Majordomo benchmarks use them: the broker from {@code zmq.brokers.mdp.type=majordomo}, an echo
 * worker {@code @ZmqWorker(service = "echo")}, and the auto-configured
 * {@code dev.zmqspring.majordomo.MajordomoClient}.
 *
 * <p>TODO(lead, after the majordomo branch is merged): call {@code MajordomoClient.request} and
 * {@code requestAsync} directly instead of through the method handles below. They are looked up by
 * name only so that this module compiles before that class exists; a handle call costs a few
 * nanoseconds against round trips of tens of microseconds.
 */
public final class MajordomoSupport {

	/** The contract name of the client class (DESIGN.md). */
	public static final String CLIENT_CLASS = "dev.zmqspring.majordomo.MajordomoClient";

	/** The service the echo worker registers. */
	public static final String SERVICE = "echo";

	private final MethodHandle request;

	private final MethodHandle requestAsync;

	private MajordomoSupport(Class<?> type, Object client) {
		try {
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			this.request = lookup
				.findVirtual(type, "request", MethodType.methodType(Object.class, String.class, Object.class, Class.class))
				.bindTo(client);
			this.requestAsync = lookup
				.findVirtual(type, "requestAsync",
						MethodType.methodType(CompletableFuture.class, String.class, Object.class, Class.class))
				.bindTo(client);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(CLIENT_CLASS + " does not have the planned request/requestAsync("
					+ "String service, Object payload, Class<T> replyType) methods", ex);
		}
	}

	/**
	 * Finds the auto-configured client in an application.
	 * @param application the running application
	 * @return the client's operations
	 * @throws IllegalStateException if Majordomo is not on this build
	 */
	public static MajordomoSupport client(ApplicationContext application) {
		Class<?> type;
		try {
			type = Class.forName(CLIENT_CLASS);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("Majordomo is not on this build (" + CLIENT_CLASS + " missing)", ex);
		}
		return new MajordomoSupport(type, application.getBean(type));
	}

	/** Whether the Majordomo client class is on the classpath. */
	public static boolean available() {
		try {
			Class.forName(CLIENT_CLASS);
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	/**
	 * One synchronous echo round trip.
	 * @param payload the request body
	 * @return the reply body
	 */
	public byte[] request(byte[] payload) {
		try {
			return (byte[]) (Object) this.request.invoke(SERVICE, (Object) payload, byte[].class);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One asynchronous echo request.
	 * @param payload the request body
	 * @return the future reply body
	 */
	@SuppressWarnings("unchecked")
	public CompletableFuture<byte[]> requestAsync(byte[] payload) {
		try {
			return (CompletableFuture<byte[]>) this.requestAsync.invoke(SERVICE, (Object) payload, byte[].class);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
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

	/** An application with auto-configuration only (broker and client come from properties). */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class App {

	}

	/** An application with the echo worker. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoWorker.class)
	public static class WorkerApp {

	}

}
