package dev.zmqspring.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the suite: {@link FaultNodeApplication} in a host's namespace
 * ({@code ip netns exec <ns> java -cp <this JVM's class path> ...}), which the nemesis can pause
 * (SIGSTOP/SIGCONT), kill (SIGKILL) and restart with the same arguments. Its output goes to
 * {@code <dir>/<name>.log}, its history to {@code <dir>/<name>.jsonl}.
 */
final class Node {

	private final String name;

	private final String namespace;

	private final Path dir;

	private final List<String> arguments;

	private Process process;

	private boolean paused;

	private int starts;

	Node(String name, String namespace, Path dir, List<String> arguments) {
		this.name = name;
		this.namespace = namespace;
		this.dir = dir;
		this.arguments = List.copyOf(arguments);
	}

	String name() {
		return this.name;
	}

	Path history() {
		return this.dir.resolve(this.name + ".jsonl");
	}

	synchronized Node start() {
		List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", this.namespace,
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx160m", "-Xss512k",
				"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Djava.net.preferIPv4Stack=true",
				"-cp", System.getProperty("java.class.path"), FaultNodeApplication.class.getName(),
				"--fault.name=" + this.name, "--fault.history=" + history()));
		command.addAll(this.arguments);
		try {
			this.process = new ProcessBuilder(command)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve(this.name + ".log").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start " + this.name, ex);
		}
		this.paused = false;
		this.starts++;
		return this;
	}

	synchronized boolean alive() {
		return this.process != null && this.process.isAlive();
	}

	synchronized boolean paused() {
		return this.paused;
	}

	/** SIGSTOP: the JVM freezes as in a long GC pause or a frozen VM. */
	synchronized void pause() {
		if (alive() && !this.paused) {
			Shell.tryRun("kill", "-STOP", Long.toString(this.process.pid()));
			this.paused = true;
		}
	}

	/** SIGCONT after {@link #pause()}. */
	synchronized void resume() {
		if (this.process != null && this.paused) {
			Shell.tryRun("kill", "-CONT", Long.toString(this.process.pid()));
			this.paused = false;
		}
	}

	/** SIGKILL, waiting until the process is gone. */
	synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			if (this.paused) {
				Shell.tryRun("kill", "-CONT", Long.toString(this.process.pid()));
			}
			try {
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.paused = false;
		}
	}

	/** SIGTERM (the application shuts down and records what it records at the end), then SIGKILL. */
	synchronized void stop() {
		if (this.process != null && this.process.isAlive()) {
			resume();
			this.process.destroy();
			try {
				if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
					kill();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Waits until the process exits by itself (a client that finished its workload). */
	boolean awaitExit(long millis) throws InterruptedException {
		Process current;
		synchronized (this) {
			current = this.process;
		}
		return current == null || current.waitFor(millis, TimeUnit.MILLISECONDS);
	}

	int starts() {
		return this.starts;
	}

}
