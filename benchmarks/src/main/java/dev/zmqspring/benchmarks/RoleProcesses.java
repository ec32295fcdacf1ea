package dev.zmqspring.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child JVMs of a three-process run (Guide ch.4 runs broker, worker and client as separate
 * programs): each role starts on this JVM's classpath, says {@code READY} on its standard output once
 * its socket is attached, and ends when its standard input closes. The parent's {@code zmq.*} system
 * properties are passed on, so a setting such as {@code -Dzmq.io-thread-scheduling=batch} applies to
 * every role. Used by {@link MajordomoProcesses}
 * and {@link RelayProcesses}.
 */
final class RoleProcesses implements AutoCloseable {

	private final List<Process> children = new ArrayList<>();

	/**
	 * Starts a role and waits until it is ready; its later output is echoed with the role as prefix.
	 * @param main the class whose {@code main} runs the role
	 * @param role the role argument
	 * @param port the port argument
	 * @throws IOException if the JVM cannot start
	 * @throws IllegalStateException if the role ends before it is ready
	 */
	void start(Class<?> main, String role, int port) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
		// the starter's settings given to this JVM (-Dzmq.io-thread-scheduling=batch) apply to every role
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((key) -> key.startsWith("zmq."))
			.sorted()
			.forEach((key) -> command.add("-D" + key + "=" + System.getProperty(key)));
		command.addAll(List.of(main.getName(), role, Integer.toString(port)));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.children.add(process);
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.equals("READY")) {
				Thread pump = new Thread(() -> out.lines().forEach((text) -> System.out.println("[" + role + "] " + text)));
				pump.setDaemon(true);
				pump.start();
				return;
			}
			System.out.println("[" + role + "] " + line);
		}
		throw new IllegalStateException(role + " process ended before it was ready");
	}

	/**
	 * In a role's JVM: says {@code READY}, then blocks until the parent closes standard input.
	 * @throws IOException if standard input fails
	 */
	static void readyUntilParentCloses() throws IOException {
		System.out.println("READY");
		System.out.flush();
		while (System.in.read() >= 0) {
			// wait for the parent
		}
	}

	/** Closes every child's standard input and waits for it to end (15 s, then destroys it). */
	@Override
	public void close() throws IOException, InterruptedException {
		for (Process child : this.children) {
			child.getOutputStream().close();
		}
		for (Process child : this.children) {
			if (!child.waitFor(15, TimeUnit.SECONDS)) {
				child.destroy();
			}
		}
	}

}
