package dev.zmqspring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for tests that must name a port before anything binds it: a property that
 * takes a port, not an endpoint, or a pattern whose ports follow a convention, like the Clone
 * pattern's snapshot, publisher and collector on a base port and the next two (Guide ch.5). Where
 * an endpoint will do, bind {@code tcp://127.0.0.1:*} and ask for the actual one instead: a port
 * found free here can be taken by another process before the test binds it.
 */
public final class ZmqTestPorts {

	private static final int ATTEMPTS = 50;

	private ZmqTestPorts() {
	}

	/**
	 * A loopback port free at the time of the call: bound to port 0 and released at once.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A base port that is free together with the {@code count - 1} ports after it.
	 * @param count how many consecutive ports, at least 1
	 * @return the first of them
	 * @throws IllegalStateException if 50 attempts found none
	 */
	public static int freePorts(int count) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1 but was " + count);
		}
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int base = freePort();
			if (base + count - 1 <= 65535 && followersFree(base, count)) {
				return base;
			}
		}
		throw new IllegalStateException("no " + count + " consecutive free ports in " + ATTEMPTS + " attempts");
	}

	private static boolean followersFree(int base, int count) {
		ServerSocket[] held = new ServerSocket[count - 1];
		try {
			for (int i = 1; i < count; i++) {
				held[i - 1] = new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress());
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
