package dev.zmqspring.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Majordomo echo with broker, worker and client as three separate JVMs, the Guide's own setup for
 * its Majordomo examples (ch.4 mdbroker, mdworker, mdclient/mdclient2), so the numbers compare
 * directly with the Guide's reference implementations run the same way.
 *
 * <pre>
 * java -cp ... dev.zmqspring.benchmarks.MajordomoProcesses run &lt;requests&gt; &lt;result-file&gt;
 * </pre>
 *
 * <p>{@code run} starts the broker and worker roles as child JVMs on the same classpath, then runs
 * the client role itself: {@code requests} synchronous round trips, then {@code requests}
 * asynchronous ones with {@value #WINDOW} in flight, and writes {@code sync=<req/s>} and
 * {@code async=<req/s>} to the result file. The child JVMs end when their standard input closes.
 */
public final class MajordomoProcesses {

	static final int WINDOW = 1000;

	private MajordomoProcesses() {
	}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "broker" -> serve(StarterApp.start(StarterApp.AutoConfigured.class,
					MajordomoSupport.brokerProperties(Integer.parseInt(args[1]))));
			case "worker" -> serve(StarterApp.start(MajordomoSupport.WorkerApp.class,
					MajordomoSupport.clientProperty(Integer.parseInt(args[1]))));
			case "run" -> run(Integer.parseInt(args[1]), Path.of(args[2]));
			case "client" -> client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
			default -> throw new IllegalArgumentException(
					"usage: broker <port> | worker <port> | client <port> <requests> <file> | run <requests> <file>");
		}
	}

	/** Runs a role until standard input closes (the parent ended or closed it). */
	private static void serve(ConfigurableApplicationContext application) throws IOException {
		RoleProcesses.readyUntilParentCloses();
		application.close();
	}

	private static void run(int requests, Path result) throws Exception {
		int port = MajordomoSupport.freePort();
		try (RoleProcesses roles = new RoleProcesses()) {
			roles.start(MajordomoProcesses.class, "broker", port);
			roles.start(MajordomoProcesses.class, "worker", port);
			client(port, requests, result);
		}
	}

	/**
	 * The client role against any Majordomo broker on the port (the starter's, the raw relay of
	 * {@link RelayProcesses}, the Guide's): synchronous, then windowed round trips.
	 */
	private static void client(int port, int requests, Path result) throws Exception {
		try (ConfigurableApplicationContext client = StarterApp.start(StarterApp.AutoConfigured.class,
				MajordomoSupport.clientProperty(port))) {
			MajordomoSupport majordomo = MajordomoSupport.client(client);
			byte[] payload = RawZmq.payload(100);
			majordomo.request(payload); // the worker has registered
			double sync = sync(majordomo, payload, requests);
			double async = async(majordomo, payload, requests);
			String text = String.format("requests=%d%nsync=%.0f%nasync=%.0f%n", requests, sync, async);
			Files.writeString(result, text);
			System.out.printf("Majordomo (three processes, %d requests): sync %.0f req/s, async %.0f req/s%n", requests,
					sync, async);
		}
	}

	private static double sync(MajordomoSupport majordomo, byte[] payload, int requests) {
		long start = System.nanoTime();
		for (int i = 0; i < requests; i++) {
			majordomo.request(payload);
		}
		return requests / ((System.nanoTime() - start) / 1e9);
	}

	private static double async(MajordomoSupport majordomo, byte[] payload, int requests) {
		@SuppressWarnings("unchecked")
		CompletableFuture<byte[]>[] window = new CompletableFuture[WINDOW];
		long start = System.nanoTime();
		for (int i = 0; i < requests; i++) {
			int slot = i % WINDOW;
			if (window[slot] != null) {
				window[slot].join();
			}
			window[slot] = majordomo.requestAsync(payload);
		}
		for (CompletableFuture<byte[]> future : window) {
			if (future != null) {
				future.join();
			}
		}
		return requests / ((System.nanoTime() - start) / 1e9);
	}

}
