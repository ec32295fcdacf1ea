package dev.zmqspring.test;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The threads a ZeroMQ application owns: actors ({@code zmq-*}) and JeroMQ's I/O and reaper
 * threads. Shutdown tests compare them before and after, to show that nothing is left behind.
 */
public final class ZmqTestThreads {

	private ZmqTestThreads() {
	}

	/** The names of the live ZeroMQ threads. */
	public static Set<String> live() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("zmq-") || name.startsWith("iothread") || name.startsWith("reaper"))
			.collect(Collectors.toSet());
	}

}
