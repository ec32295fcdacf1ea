package dev.zmqspring.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the suite's short administrative commands (ip, nft, kill, mount) with a bounded wait. */
final class Shell {

	private Shell() {
	}

	/** Runs a command; throws with its output when it fails. */
	static String run(String... command) {
		Result result = tryRun(command);
		if (result.exit() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " -> exit " + result.exit() + ": " + result.output());
		}
		return result.output();
	}

	/** Runs a command and returns its exit code and output, never throwing for a non-zero exit. */
	static Result tryRun(String... command) {
		try {
			Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
			process.getOutputStream().close();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Result(-1, "timed out after 20 s");
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			return new Result(-2, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(-3, "interrupted");
		}
	}

	record Result(int exit, String output) {
	}

}
