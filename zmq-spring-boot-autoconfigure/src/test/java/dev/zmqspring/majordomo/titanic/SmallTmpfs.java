package dev.zmqspring.majordomo.titanic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real, small tmpfs for the full-disk tests: mounted on a fresh directory, filled until the kernel
 * answers "no space left on device", freed, and unmounted on {@link #close()}. Mounting needs root
 * (CI runs as root); without it the test is skipped, and fails instead when the environment variable
 * {@code CI} is {@code true}, so CI never silently skips it.
 */
final class SmallTmpfs implements AutoCloseable {

	private static final long COMMAND_SECONDS = 10;

	private static final int CHUNK = 1024;

	private final Path mountPoint;

	private final Path filler;

	private SmallTmpfs(Path mountPoint) {
		this.mountPoint = mountPoint;
		this.filler = mountPoint.resolve("filler");
	}

	/**
	 * Mounts a tmpfs of the given size on a new directory under {@code parent}.
	 * @param parent where to make the mount point (a test's temporary directory)
	 * @param size the tmpfs size, e.g. {@code 64k}
	 * @return the mounted tmpfs
	 * @throws IOException if the mount point cannot be made
	 */
	static SmallTmpfs mount(Path parent, String size) throws IOException, InterruptedException {
		Path mountPoint = Files.createDirectory(parent.resolve("tmpfs"));
		String refusal = null;
		if (!isRoot()) {
			refusal = "mounting a tmpfs needs root (uid 0)";
		}
		else {
			String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
			if (failure != null) {
				refusal = "mount -t tmpfs failed: " + failure;
			}
		}
		if (refusal != null) {
			if ("true".equals(System.getenv("CI"))) {
				throw new AssertionError("CI must run the full-disk test on a real tmpfs, but " + refusal);
			}
			Assumptions.abort("full-disk test skipped: " + refusal);
		}
		return new SmallTmpfs(mountPoint);
	}

	/** The tmpfs root. */
	Path directory() {
		return this.mountPoint;
	}

	/**
	 * Writes a filler file until the tmpfs is full.
	 * @return the bytes written
	 */
	long fill() throws IOException {
		byte[] chunk = new byte[CHUNK];
		long written = 0;
		try (OutputStream out = Files.newOutputStream(this.filler)) {
			// bounded: a 64 KiB tmpfs holds 64 chunks; the bound only guards against a tmpfs with no size limit
			for (int i = 0; i < 1_000_000; i++) {
				out.write(chunk);
				out.flush();
				written += CHUNK;
			}
		}
		catch (IOException ex) {
			if (written == 0 && !Files.exists(this.filler)) {
				throw ex;
			}
			return written;
		}
		throw new IllegalStateException("the tmpfs at " + this.mountPoint + " did not fill up");
	}

	/** Deletes the filler file, so the tmpfs has room again. */
	void free() throws IOException {
		Files.deleteIfExists(this.filler);
	}

	/**
	 * The names of the files in the tmpfs whose name ends with the suffix.
	 * @param suffix the end of the name, e.g. {@code .tmp}
	 * @return their names
	 */
	List<String> files(String suffix) throws IOException {
		try (var files = Files.list(this.mountPoint)) {
			return files.map((path) -> path.getFileName().toString()).filter((name) -> name.endsWith(suffix)).toList();
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		String failure = run("umount", this.mountPoint.toString());
		if (failure != null) {
			failure = run("umount", "-l", this.mountPoint.toString());
		}
		if (failure != null) {
			throw new IllegalStateException("cannot unmount the test tmpfs " + this.mountPoint + ": " + failure);
		}
		Files.deleteIfExists(this.mountPoint);
	}

	private static boolean isRoot() {
		try {
			return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return false;
		}
	}

	/** Runs a command; {@code null} when it succeeded, else what went wrong. */
	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return String.join(" ", command) + " did not finish within " + COMMAND_SECONDS + " s";
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		return (process.exitValue() == 0) ? null : "exit " + process.exitValue() + ": " + output;
	}

}
