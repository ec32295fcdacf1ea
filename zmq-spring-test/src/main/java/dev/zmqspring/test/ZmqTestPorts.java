package dev.zmqspring.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free loopback ports for tests that must name a port before anything binds it: a property that
 * takes a port, not an endpoint, or a pattern whose ports follow a convention, like the Clone
 * pattern's snapshot, publisher and collector on a base port and the next two (Guide ch.5). Where
 * an endpoint will do, bind {@code tcp://127.0.0.1:*} and ask for the actual one instead.
 *
 * <p>The ports come from below the kernel's ephemeral range (Linux
 * {@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 where it cannot be read): a port taken from
 * that range can be handed to any outgoing connection as its source port before the test binds
 * it. Below the range only an explicit bind takes a port; the ports are handed out in turn from a
 * start that depends on the process, each checked free, so two calls in one run never name the
 * same port.
 */
public final class ZmqTestPorts {

	private static final int ATTEMPTS = 200;

	private static final int LOWEST = 10_000;

	private static final AtomicInteger next = new AtomicInteger();

	private ZmqTestPorts() {
	}

	/**
	 * A loopback port below the ephemeral range, free at the time of the call.
	 * @return the port
	 */
	public static int freePort() {
		return freePorts(1);
	}

	/**
	 * A base port that is free together with the {@code count - 1} ports after it.
	 * @param count how many consecutive ports, at least 1
	 * @return the first of them
	 * @throws IllegalStateException if 200 attempts found none
	 */
	public static int freePorts(int count) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1 but was " + count);
		}
		int span = ephemeralLow() - LOWEST;
		if (next.get() == 0) {
			next.compareAndSet(0, 1 + (int) ((ProcessHandle.current().pid() * 7919L) % span));
		}
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int base = LOWEST + Math.floorMod(next.getAndAdd(count), span);
			if (base + count <= LOWEST + span && allFree(base, count)) {
				return base;
			}
		}
		throw new IllegalStateException("no " + count + " consecutive free ports in " + ATTEMPTS + " attempts");
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

	private static boolean allFree(int base, int count) {
		ServerSocket[] held = new ServerSocket[count];
		try {
			for (int i = 0; i < count; i++) {
				held[i] = new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress());
			}
			return true;
		}
		catch (IOException ex) {
			return false; // taken: try another base
		}
		finally {
			for (ServerSocket socket : held) {
				if (socket != null) {
					try {
						socket.close();
					}
					catch (IOException ex) {
						// released either way
					}
				}
			}
		}
	}

}
