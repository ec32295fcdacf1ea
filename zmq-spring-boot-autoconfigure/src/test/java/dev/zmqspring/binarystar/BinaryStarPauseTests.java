package dev.zmqspring.binarystar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

import static dev.zmqspring.test.ZmqTestPorts.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Binary Star pair (Guide ch.4 "High-Availability Pair") of two real JVM processes
 * ({@link BinaryStarPauseHalf}) under a failover client ({@code ZmqTemplate.request("a|b", ...)},
 * Lazy Pirate), whose active half is frozen with SIGSTOP for 5 s, as a long GC pause or a suspended VM
 * does, and then resumed with SIGCONT. Afterwards exactly one half is active and serving within 10 s
 * of the resume, no request is executed by both halves (except the one request, if any, that was out
 * when the half froze and that the frozen half had taken in: its reply never left, the client retried
 * it on the other half, and no server can tell that from a lost request), and every reply is right.
 *
 * <p>The repeated test runs {@code -Dbstar.pause.repetitions} times (default 3, to keep CI short; the
 * 20 runs of the issue are run with {@code -Dbstar.pause.repetitions=20}). The seed of the random
 * freeze moment is printed; {@code -Dbstar.pause.seed} replays it.
 */
class BinaryStarPauseTests {

	private static final int HEARTBEAT_MS = 200;

	private static final Duration START = Duration.ofSeconds(60);

	private static final Duration PAUSE = Duration.ofSeconds(5);

	/** Exactly one half active and serving within this time of the resume (the bound). */
	private static final Duration RECOVERY = Duration.ofSeconds(10);

	/**
	 * The client's attempt timeout: ten heartbeats, so the second attempt finds the frozen half silent,
	 * and a reply slowed down by a loaded machine is not retried (a retry of a slow reply runs the
	 * request twice: measured once in 20 runs with 1 s at a load average of 22 on two cores).
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	/** Resends per request: the failover needs one, the others ride out a JeroMQ handshake stall. */
	private static final int RETRIES = 3;

	private static final Pattern STATUS = Pattern.compile("STATUS role=(\\w+) state=(\\w+) stale=(\\w+) pauses=(\\d+)"
			+ " staleDiscarded=(\\d+) dualActiveResolved=(\\d+) event=(.*)");

	private static final long SEED = Long.getLong("bstar.pause.seed", System.nanoTime());

	private static final Random random = new Random(SEED);

	private static ZContext clientContext;

	private final List<HalfProcess> halves = new ArrayList<>();

	private final List<ZmqTemplate> templates = new ArrayList<>();

	private Client client;

	@TempDir
	Path dir;

	@BeforeAll
	static void setUp() {
		log("seed " + SEED + " (replay with -Dbstar.pause.seed=" + SEED + ")");
		clientContext = new ZContext(1);
	}

	@AfterAll
	static void closeContext() {
		clientContext.close();
	}

	@AfterEach
	void tearDown() {
		if (this.client != null) {
			this.client.stop();
		}
		this.halves.forEach(HalfProcess::close);
		this.templates.forEach(ZmqTemplate::destroy);
	}

	@RepeatedTest(value = 20, name = "{currentRepetition}/{totalRepetitions}")
	void theActiveHalfPausedForFiveSecondsComesBackPassiveAndNothingRunsTwice(RepetitionInfo repetition)
			throws Exception {
		assumeTrue(
				repetition.getCurrentRepetition() <= Integer.getInteger("bstar.pause.repetitions", 3),
				"-Dbstar.pause.repetitions runs more");
		Pair pair = startPair();
		this.client = new Client(template(TIMEOUT, RETRIES), pair.servers()).start();
		this.client.awaitReplies(10 + random.nextInt(20));

		Pause pause = pause(pair.primary, PAUSE);
		awaitOneActiveServing(pair, pair.backup, pause);
		this.client.awaitReplies(this.client.replied() + 10);
		this.client.stop();

		check(pair, List.of(pause));
		assertThat(pair.primary.status().pauses()).as("the resumed primary noticed its pause").isGreaterThanOrEqualTo(1);
	}

	@Test
	void theBackupPausedAfterItTookOverHandsBackToThePrimary() throws Exception {
		Pair pair = startPair();
		this.client = new Client(template(TIMEOUT, RETRIES), pair.servers()).start();
		this.client.awaitReplies(10);

		Pause first = pause(pair.primary, PAUSE);
		awaitOneActiveServing(pair, pair.backup, first);
		this.client.awaitReplies(this.client.replied() + 10 + random.nextInt(20));

		Pause second = pause(pair.backup, PAUSE);
		awaitOneActiveServing(pair, pair.primary, second);
		this.client.awaitReplies(this.client.replied() + 10);
		this.client.stop();

		check(pair, List.of(first, second));
		assertThat(pair.backup.status().pauses()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void aPauseLongerThanTheClientsWholeRetryBudget() throws Exception {
		Pair pair = startPair();
		// two attempts of 300 ms: a budget of 600 ms against an 8 s freeze; a request the client gives up on
		// may be lost, but it must not run later on the resumed half
		Duration timeout = Duration.ofMillis(300);
		this.client = new Client(template(timeout, 1), pair.servers()).start();
		this.client.awaitReplies(10);

		Pause pause = pause(pair.primary, Duration.ofSeconds(8));
		awaitOneActiveServing(pair, pair.backup, pause);
		this.client.awaitReplies(this.client.replied() + 10);
		this.client.stop();

		check(pair, List.of(pause));
		log("long pause: the client gave up on " + this.client.failures() + " requests");
	}

	// ---------------------------------------------------------------------------------------------

	private Pair startPair() {
		String primaryStates = tcp(freePort());
		String backupStates = tcp(freePort());
		String primaryFrontend = tcp(freePort());
		String backupFrontend = tcp(freePort());
		HalfProcess primary = start("primary", primaryStates, backupStates, primaryFrontend);
		HalfProcess backup = start("backup", backupStates, primaryStates, backupFrontend);
		primary.awaitLine("READY", START);
		backup.awaitLine("READY", START);
		await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
			primary.ask();
			backup.ask();
			return primary.status().is("ACTIVE") && backup.status().is("PASSIVE");
		});
		return new Pair(primary, backup, primaryFrontend + "|" + backupFrontend);
	}

	private HalfProcess start(String role, String local, String remote, String frontend) {
		HalfProcess half = new HalfProcess(role, this.dir.resolve(role + ".executed"), "--role=" + role,
				"--local=" + local, "--remote=" + remote, "--frontend=" + frontend, "--heartbeat-ms=" + HEARTBEAT_MS,
				"--record=" + this.dir.resolve(role + ".executed"));
		this.halves.add(half);
		return half;
	}

	private ZmqTemplate template(Duration timeout, int retries) {
		ZmqSocketFactory factory = new ZmqSocketFactory(clientContext,
				ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO).withHandshakeInterval(Duration.ofSeconds(1)));
		ZmqTemplate template = new ZmqTemplate(factory, ZmqMessageConverters.defaults(), timeout, retries);
		this.templates.add(template);
		return template;
	}

	/** Freezes the half for {@code length}, at a random moment of the client's traffic, then resumes it. */
	private Pause pause(HalfProcess half, Duration length) throws Exception {
		this.client.awaitReplies(this.client.replied() + random.nextInt(5));
		half.signal("STOP");
		long stopped = System.nanoTime();
		int sentBefore = this.client.sent();
		await().atMost(Duration.ofSeconds(5)).until(half::isStopped);
		Set<String> executedBefore = half.executed();
		// the freeze itself: the process must stay stopped for the whole length
		await().during(length.minusMillis((System.nanoTime() - stopped) / 1_000_000))
			.atMost(length.plusSeconds(5))
			.until(half::isStopped);
		int sentDuring = this.client.sent();
		half.signal("CONT");
		long resumed = System.nanoTime();
		log(half.role + " frozen for " + millis(resumed - stopped) + " ms");
		return new Pause(half, executedBefore, resumed, sentBefore, sentDuring);
	}

	/** Exactly one half ACTIVE (and not stale), the other PASSIVE, and a reply after the resume, in time. */
	private void awaitOneActiveServing(Pair pair, HalfProcess expectedActive, Pause pause) {
		int repliedAtResume = this.client.replied();
		await().atMost(RECOVERY.minusMillis(millis(System.nanoTime() - pause.resumed)))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				pair.primary.ask();
				pair.backup.ask();
				Status primary = pair.primary.status();
				Status backup = pair.backup.status();
				boolean one = (primary.serving() && backup.is("PASSIVE")) || (backup.serving() && primary.is("PASSIVE"));
				return one && this.client.replied() > repliedAtResume;
			});
		long recovered = System.nanoTime();
		Status active = expectedActive.status();
		log("resumed " + pause.half.role + ": one half active and serving " + millis(recovered - pause.resumed)
				+ " ms after the resume (" + expectedActive.role + " " + active.state + "); " + pause.half.role
				+ " " + pause.half.status());
		assertThat(active.serving()).as(expectedActive.role + " is the active half").isTrue();
	}

	private void check(Pair pair, List<Pause> pauses) throws IOException {
		List<String> primaryRun = pair.primary.executedInOrder();
		List<String> backupRun = pair.backup.executedInOrder();
		assertThat(primaryRun).as("the primary ran no request twice").doesNotHaveDuplicates();
		assertThat(backupRun).as("the backup ran no request twice").doesNotHaveDuplicates();
		Set<String> both = new LinkedHashSet<>(primaryRun);
		both.retainAll(new HashSet<>(backupRun));
		Set<String> inFlightAtFreeze = new LinkedHashSet<>();
		for (Pause pause : pauses) {
			// what the frozen half executed after it resumed: none of what was sent during the freeze
			Set<String> afterResume = new LinkedHashSet<>(pause.half.executedInOrder());
			afterResume.removeAll(pause.executedBefore);
			for (int i = pause.sentBefore; i < pause.sentDuring; i++) {
				assertThat(afterResume).as("request r-" + i + " was sent while " + pause.half.role
						+ " was frozen: the resumed half must not run it").doesNotContain("r-" + i);
			}
			// the client's request that was out when the half froze: taken in (and perhaps executed) by the
			// frozen half, its reply never left; the client's retry ran it on the other half
			if (pause.sentBefore > 0) {
				inFlightAtFreeze.add("r-" + (pause.sentBefore - 1));
			}
		}
		Set<String> inFlightRunTwice = new LinkedHashSet<>(both);
		inFlightRunTwice.retainAll(inFlightAtFreeze);
		assertThat(both).as("requests executed by both halves, other than the one in flight at a freeze")
			.isSubsetOf(inFlightAtFreeze);
		for (Map.Entry<String, String> reply : this.client.replies().entrySet()) {
			String id = reply.getKey();
			String text = reply.getValue();
			assertThat(text).as("the reply to " + id).matches("(primary|backup):" + Pattern.quote(id));
			List<String> run = text.startsWith("primary:") ? primaryRun : backupRun;
			assertThat(run).as("the half that answered " + id + " ran it").contains(id);
		}
		pair.primary.ask();
		pair.backup.ask();
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			Status primary = pair.primary.status();
			Status backup = pair.backup.status();
			return primary.event.equals("asked") && backup.event.equals("asked");
		});
		Status primary = pair.primary.status();
		Status backup = pair.backup.status();
		assertThat(List.of(primary.state, backup.state)).containsExactlyInAnyOrder("ACTIVE", "PASSIVE");
		assertThat(primary.stale || backup.stale).isFalse();
		for (Pause pause : pauses) {
			assertThat(pause.half.lastLine("DETAILS ")).as(pause.half.role + " health details")
				.containsPattern("pauses=[1-9]")
				.contains("staleDiscarded=", "dualActiveResolved=", "lastResolution=dual active");
		}
		assertThat(pair.primary.lines()).noneMatch((line) -> line.contains("FATAL"));
		assertThat(pair.backup.lines()).noneMatch((line) -> line.contains("FATAL"));
		log("checked " + this.client.replies().size() + " replies (requests given up: " + this.client.failures()
				+ ", slowest request " + this.client.slowestMillis() + " ms), primary ran " + primaryRun.size()
				+ ", backup ran " + backupRun.size() + ", in flight at a freeze and run by both: " + inFlightRunTwice
				+ "; primary " + primary + "; backup " + backup);
	}

	private static String tcp(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	private static long millis(long nanos) {
		return TimeUnit.NANOSECONDS.toMillis(nanos);
	}

	private static void log(String line) {
		System.out.println("[binary-star pause] " + line);
	}

	private record Pair(HalfProcess primary, HalfProcess backup, String servers) {
	}

	private record Pause(HalfProcess half, Set<String> executedBefore, long resumed, int sentBefore, int sentDuring) {
	}

	private record Status(String role, String state, boolean stale, long pauses, long staleDiscarded,
			long dualActiveResolved, String event) {

		static final Status UNKNOWN = new Status("?", "UNKNOWN", false, 0, 0, 0, "");

		boolean is(String expected) {
			return this.state.equals(expected) && !this.stale;
		}

		boolean serving() {
			return is("ACTIVE");
		}

		@Override
		public String toString() {
			return this.state + (this.stale ? " (stale)" : "") + ", pauses=" + this.pauses + ", staleDiscarded="
					+ this.staleDiscarded + ", dualActiveResolved=" + this.dualActiveResolved;
		}

	}

	/**
	 * The failover client: numbered requests {@code r-0, r-1, ...} one after the other, about 50 a
	 * second, each through the template's Lazy Pirate with failover between the two halves.
	 */
	private static final class Client {

		private final ZmqTemplate template;

		private final String servers;

		private final Map<String, String> replies = new ConcurrentHashMap<>();

		private final List<String> failures = new CopyOnWriteArrayList<>();

		private final CountDownLatch stop = new CountDownLatch(1);

		private final Thread thread;

		private volatile int sent;

		private volatile int replied;

		private volatile long slowestMillis;

		Client(ZmqTemplate template, String servers) {
			this.template = template;
			this.servers = servers;
			this.thread = new Thread(this::run, "bstar-client");
		}

		Client start() {
			this.thread.start();
			return this;
		}

		private void run() {
			try {
				for (int i = 0; this.stop.getCount() > 0; i++) {
					String id = "r-" + i;
					this.sent = i + 1;
					long start = System.nanoTime();
					try {
						this.replies.put(id, this.template.request(this.servers, id, String.class));
						this.replied++;
					}
					catch (RuntimeException ex) {
						this.failures.add(id + ": " + ex.getMessage());
					}
					this.slowestMillis = Math.max(this.slowestMillis, millis(System.nanoTime() - start));
					// the pace of the requests, and the way to stop the client
					this.stop.await(20, TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		void awaitReplies(int count) {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.replied >= count);
		}

		int replied() {
			return this.replied;
		}

		int sent() {
			return this.sent;
		}

		Map<String, String> replies() {
			return this.replies;
		}

		List<String> failures() {
			return this.failures;
		}

		long slowestMillis() {
			return this.slowestMillis;
		}

		void stop() {
			this.stop.countDown();
			try {
				this.thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** One {@link BinaryStarPauseHalf} process: its stdout lines, its record of executed requests, signals. */
	private static final class HalfProcess {

		/** Halves not closed yet: killed when the test JVM exits (SIGKILL ends a stopped process too). */
		private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

		static {
			Runtime.getRuntime()
				.addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bstar-half-reaper"));
		}

		private final String role;

		private final Path record;

		private final Process process;

		private final Writer stdin;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private volatile Status status = Status.UNKNOWN;

		HalfProcess(String role, Path record, String... args) {
			this.role = role;
			this.record = record;
			List<String> command = new ArrayList<>();
			command.add(ProcessHandle.current().info().command().orElse("java"));
			command.add("-cp");
			command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
			command.add("-XX:TieredStopAtLevel=1");
			command.add("-Xmx256m");
			command.add(BinaryStarPauseHalf.class.getName());
			command.addAll(List.of(args));
			try {
				this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
				LIVE.add(this.process);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.stdin = new OutputStreamWriter(this.process.getOutputStream(), StandardCharsets.UTF_8);
			Thread reader = new Thread(this::read, "bstar-" + role + "-stdout");
			reader.setDaemon(true);
			reader.start();
		}

		private void read() {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					this.lines.add(line);
					Matcher matcher = STATUS.matcher(line);
					if (matcher.matches()) {
						this.status = new Status(matcher.group(1), matcher.group(2), Boolean.parseBoolean(matcher.group(3)),
								Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5)),
								Long.parseLong(matcher.group(6)), matcher.group(7));
					}
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}

		void awaitLine(String line, Duration timeout) {
			await().atMost(timeout).until(() -> this.lines.contains(line) || !this.process.isAlive());
			assertThat(this.lines).as(this.role + " output").contains(line);
		}

		/** Asks for a STATUS line; a frozen process answers when it resumes. */
		void ask() {
			try {
				this.stdin.write("STATUS\n");
				this.stdin.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		Status status() {
			return this.status;
		}

		List<String> lines() {
			return this.lines;
		}

		String lastLine(String prefix) {
			String last = "";
			for (String line : this.lines) {
				if (line.startsWith(prefix)) {
					last = line;
				}
			}
			return last;
		}

		void signal(String signal) throws IOException, InterruptedException {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).start();
			assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
		}

		/** Whether the process is stopped (state T in /proc/pid/stat). */
		boolean isStopped() throws IOException {
			String stat = Files.readString(Path.of("/proc/" + this.process.pid() + "/stat"));
			return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
		}

		List<String> executedInOrder() throws IOException {
			return Files.exists(this.record) ? Files.readAllLines(this.record) : List.of();
		}

		Set<String> executed() throws IOException {
			return new LinkedHashSet<>(executedInOrder());
		}

		void close() {
			try {
				if (this.process.isAlive() && isStopped()) {
					signal("CONT");
				}
				this.stdin.close();
				if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (IOException | InterruptedException ex) {
				this.process.destroyForcibly();
			}
			LIVE.remove(this.process);
		}

	}

}
