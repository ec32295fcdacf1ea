package dev.zmqspring.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Puts the calling thread into Linux's {@code SCHED_BATCH} scheduling policy, the remedy for the
 * JeroMQ 0.6.0 wake-up race that makes JeroMQ's I/O threads spin (docs/jeromq.md, "On Linux, set
 * zmq.io-thread-scheduling=batch"; benchmarks/BENCHMARKS.md, "sched-batch"). It tunes the context's
 * background I/O threads of Guide ch.2; the Guide itself says nothing about scheduling policies.
 *
 * <p>Why it helps: {@code zmq.Signaler.send()} writes its wake-up byte before it counts it. When the
 * woken thread preempts the writer between the two, it spins until the writer runs again. Linux's fair
 * scheduler never lets a waking {@code SCHED_BATCH} thread preempt the running one, so a batch thread
 * woken by that byte no longer takes the writer's core in that gap (the writer can still lose its core
 * to a scheduler tick or to another, normal thread waking). The price: a batch thread woken on a core
 * that is busy waits for the running thread's slice instead of preempting it (an idle core still takes
 * it at once).
 *
 * <p>Java has no API for scheduling policies, so the change is made the way an administrator would:
 * util-linux's {@code chrt --batch --pid 0 <tid>}, with the thread id read from
 * {@code /proc/thread-self}. Changing one's own threads between the normal policies needs no privilege.
 * The result is then read back from {@code /proc/self/task/<tid>/stat}; anything else (not Linux, no {@code chrt}, a
 * sandbox that forbids it) is reported, never thrown.
 */
public final class LinuxThreadScheduling {

	/** {@code SCHED_OTHER}, the default policy, as {@code /proc/<tid>/stat} reports it. */
	public static final int SCHED_OTHER = 0;

	/** {@code SCHED_BATCH} as {@code /proc/<tid>/stat} reports it. */
	public static final int SCHED_BATCH = 3;

	/** Field 41 of {@code /proc/<tid>/stat}, counted from the state field (field 3) after the name. */
	private static final int POLICY_AFTER_NAME = 41 - 3;

	private static final Path THREAD_SELF = Path.of("/proc/thread-self");

	private final String chrt;

	private final Duration timeout;

	/** Uses {@code chrt} from the {@code PATH} and waits for it at most 5 seconds. */
	public LinuxThreadScheduling() {
		this("chrt", Duration.ofSeconds(5));
	}

	/**
	 * Uses the given {@code chrt} command.
	 * @param chrt the command (a name looked up on the {@code PATH}, or a path)
	 * @param timeout how long to wait for it
	 */
	public LinuxThreadScheduling(String chrt, Duration timeout) {
		this.chrt = chrt;
		this.timeout = timeout;
	}

	/**
	 * Makes the calling thread {@code SCHED_BATCH}. Blocks until {@code chrt} has finished (about 20 ms
	 * measured here, most of it starting the process), at most the timeout.
	 * @return what happened, never {@code null}
	 */
	public Result batchCurrentThread() {
		String name = Thread.currentThread().getName();
		long tid;
		try {
			Path link = Files.readSymbolicLink(THREAD_SELF); // "<pid>/task/<tid>"
			if (link.getNameCount() != 3 || Long.parseLong(link.getName(0).toString()) != ProcessHandle.current().pid()) {
				// a /proc of another PID namespace would name somebody else's thread
				return new Result(name, -1, false, THREAD_SELF + " -> " + link + " does not name a thread of this process");
			}
			tid = Long.parseLong(link.getFileName().toString());
		}
		catch (IOException | RuntimeException ex) {
			return new Result(name, -1, false, "needs Linux: " + THREAD_SELF + " is not readable (" + ex + ")");
		}
		Process process;
		try {
			process = new ProcessBuilder(this.chrt, "--batch", "--pid", "0", Long.toString(tid))
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException | RuntimeException ex) {
			return new Result(name, tid, false, "'" + this.chrt + "' (util-linux) could not be started: " + ex.getMessage());
		}
		try {
			if (!process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				return new Result(name, tid, false, "'" + this.chrt + "' did not finish within " + this.timeout);
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (process.exitValue() != 0) {
				return new Result(name, tid, false,
						"'" + this.chrt + "' exited with " + process.exitValue() + (output.isEmpty() ? "" : ": " + output));
			}
		}
		catch (IOException ex) {
			return new Result(name, tid, false, "reading '" + this.chrt + "' output failed: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt(); // not ours to swallow: the caller decides
			return new Result(name, tid, false, "interrupted while waiting for '" + this.chrt + "'");
		}
		int policy = policyOf(tid);
		if (policy != SCHED_BATCH) {
			return new Result(name, tid, false, "'" + this.chrt + "' succeeded but the policy reads " + policy);
		}
		return new Result(name, tid, true, "SCHED_BATCH");
	}

	/**
	 * The scheduling policy of a thread of this process.
	 * @param tid the thread's Linux id
	 * @return the policy ({@link #SCHED_OTHER}, {@link #SCHED_BATCH}, ...), or -1 if it cannot be read
	 */
	public static int policyOf(long tid) {
		try {
			String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"), StandardCharsets.US_ASCII);
			// the thread's name is in parentheses and may contain anything, so count after the last ')'
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Integer.parseInt(fields[POLICY_AFTER_NAME]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * What {@link #batchCurrentThread()} did.
	 * @param threadName the Java name of the thread
	 * @param threadId its Linux thread id, -1 when unknown
	 * @param applied whether the thread now runs as {@code SCHED_BATCH}
	 * @param detail {@code SCHED_BATCH}, or why not
	 */
	public record Result(String threadName, long threadId, boolean applied, String detail) {
	}

}
