package dev.zmqspring.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for the tests that must name a port before anything binds it (a broker mesh whose
 * peers name each other's endpoints, Guide ch.3 peering; Binary Star's and Clone's port
 * conventions, ch.4–5). The ports come from below the kernel's ephemeral range: a port taken from
 * that range (bound to port 0 and released) can be handed to any outgoing connection as its source
 * port before the test binds it, and was ("Address already in use" one run in many). Below the range
 * only an explicit bind takes a port; the ports are handed out in turn from a start that depends on
 * the process, each checked free, so two calls in one run never get the same port. The rule is
 * {@code ZmqTestPorts}'s (zmq-spring-test), which this module's tests cannot use: that module
 * depends on this one.
 */
public final class LoopbackPorts {

	private static final int LOWEST = 10_000;

	private static final AtomicInteger next = new AtomicInteger();

	private LoopbackPorts() {
	}

	/**
	 * A loopback port below the ephemeral range, free at the time of the call.
	 * @return the port
	 */
	public static int freePort() {
		int ceiling = ephemeralLow();
		int span = ceiling - LOWEST;
		if (next.get() == 0) {
			next.compareAndSet(0, 1 + (int) ((ProcessHandle.current().pid() * 7919L) % span));
		}
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = LOWEST + Math.floorMod(next.getAndIncrement(), span);
			if (bindable(port)) {
				return port;
			}
		}
		throw new IllegalStateException("no free loopback port in 200 attempts below " + ceiling);
	}

	private static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The first port of the kernel's ephemeral range (Linux), 32768 where it cannot be read. */
	private static int ephemeralLow() {
		try {
			String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
			int low = Integer.parseInt(range.split("\\s+")[0]);
			return (low > LOWEST + 1_000) ? low : 32_768;
		}
		catch (IOException | RuntimeException ex) {
			return 32_768;
		}
	}

}
