package dev.zmqspring.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * Launches one of the libzmq interoperability peers (Python scripts over Debian's
 * {@code python3-zmq}, i.e. pyzmq on the native libzmq) and talks to it through its
 * line protocol.
 *
 * <p>The scripts live on the test classpath under {@code python/} (sources in
 * {@code src/test/resources/python}); each documents its command line and its stdout
 * lines in its module docstring. They import the shared modules of that folder
 * ({@code _peer.py}, {@code _mdp.py}: every {@code _*.py}) from their own directory, so a
 * script extracted from a jar gets them copied next to it. Common conventions:
 * <ul>
 *   <li>{@code READY <endpoint>} (or {@code READY -} when nothing was bound) is printed
 *       once the sockets are set up; wildcard binds such as {@code tcp://127.0.0.1:*}
 *       report the actually bound endpoint;</li>
 *   <li>results are simple lines such as {@code RECV <text>}, {@code REPLY <text>},
 *       {@code COUNT <n>}, {@code DONE}, {@code FAIL ...};</li>
 *   <li>diagnostics go to stderr, which is kept (last {@value #STDERR_KEEP} lines) for
 *       failure messages;</li>
 *   <li>closing the script's stdin asks it to shut down, which {@link #close()} does.</li>
 * </ul>
 *
 * <p>Typical use:
 * <pre>{@code
 * PythonPeer.assumeAvailable();
 * try (PythonPeer server = PythonPeer.script("rep_server.py").option("bind", "tcp://127.0.0.1:*").start()) {
 *     String endpoint = server.awaitReady(Duration.ofSeconds(10));
 *     // ... a JeroMQ REQ socket connects to endpoint and sends "Hello" ...
 *     assertThat(server.awaitLine("RECV ", Duration.ofSeconds(5))).isEqualTo("RECV Hello");
 * }
 * }</pre>
 *
 * <p>Arguments are built with {@link #script(String)}: every option value is passed as one
 * {@code --name=value} argument, so a value that begins with {@code -} (one Z85 key in 85 does,
 * e.g. <code>-:{ZKIcaJ=@F#z...</code>) reaches the script's {@code argparse} as a value and is
 * never taken for an option.
 *
 * <p>Every stdout line can be returned by {@link #awaitLine} at most once, so successive
 * calls with the same prefix walk through the matching lines in order, while lines with
 * other prefixes remain available to later calls. The class never sleeps: waiting is
 * done with timed polls on the {@link BlockingQueue} the stdout reader thread fills.
 * A JVM shutdown hook forcibly ends peers that were not closed, so no process is left
 * behind even when a test forgets {@code close()}.
 */
public final class PythonPeer implements AutoCloseable {

    /** The interpreter: Debian's python3 with {@code python3-zmq}, not a pyenv/venv one on the PATH. */
    public static final String PYTHON = "/usr/bin/python3";

    /** Classpath folder holding the peer scripts. */
    public static final String RESOURCE_FOLDER = "python/";

    private static final int STDERR_KEEP = 200;
    private static final int STDOUT_IN_FAILURES = 50;
    private static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    /** Longest single blocking poll, so that {@link #lines()} from another thread is never held up for long. */
    private static final long POLL_SLICE_MILLIS = 100;
    /** Queued by the stdout reader after the last line; compared by identity. */
    private static final String EOF = new String("<eof>");

    private static final Set<PythonPeer> LIVE = ConcurrentHashMap.newKeySet();
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();
    private static final Object EXTRACTION_LOCK = new Object();
    private static Path extractionFolder; // guarded by EXTRACTION_LOCK
    private static final Object PROBE_LOCK = new Object();
    private static String probeFailure; // guarded by PROBE_LOCK; "" = available
    private static boolean probed; // guarded by PROBE_LOCK
    private static String curveProbeFailure; // guarded by PROBE_LOCK; "" = libzmq has CURVE

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (PythonPeer peer : LIVE) {
                peer.process.descendants().forEach(ProcessHandle::destroyForcibly);
                peer.process.destroyForcibly();
            }
        }, "python-peer-reaper"));
    }

    private final String description;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> incoming = new LinkedBlockingQueue<>();
    private final ReentrantLock consumer = new ReentrantLock();
    private final List<String> history = new ArrayList<>(); // guarded by consumer
    private final BitSet returned = new BitSet(); // guarded by consumer
    private boolean stdoutEnded; // guarded by consumer
    private final Deque<String> stderrTail = new ArrayDeque<>(); // guarded by itself
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread stderrReader;

    private PythonPeer(String description, Process process) {
        this.description = description;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("stdout", () -> pumpStdout(process.getInputStream())).start();
        this.stderrReader = daemon("stderr", () -> pumpStderr(process.getErrorStream()));
        this.stderrReader.start();
    }

    /**
     * The command line of a peer script, to name its options and add their values.
     *
     * @param script file name of the script under {@code python/} on the test classpath,
     *               e.g. {@code "rep_server.py"}
     * @return a command with no arguments yet; {@link Command#start()} runs it
     */
    public static Command script(String script) {
        return new Command(script);
    }

    /**
     * Starts {@code /usr/bin/python3 -u python/<script> arguments...}.
     *
     * @throws IllegalArgumentException if the script is not on the test classpath
     * @throws UncheckedIOException     if the process cannot be started
     */
    private static PythonPeer start(String script, List<String> arguments) {
        Path path = resolveScript(script);
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.add("-u");
        command.add(path.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        sanitizeEnvironment(builder.environment());
        try {
            PythonPeer peer = new PythonPeer(script + " " + String.join(" ", arguments), builder.start());
            LIVE.add(peer);
            return peer;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
    }

    /**
     * Skips the calling test unless {@code /usr/bin/python3 -c "import zmq"} works (checked once
     * per JVM). On CI (environment variable {@code CI} set) a missing interpreter or module is a
     * failure instead of a skip, so the interop tests can never silently stop running there.
     *
     * @throws AssertionError when the check fails and {@code CI} is set
     */
    public static void assumeAvailable() {
        String failure = probe();
        if (failure.isEmpty()) {
            return;
        }
        if (System.getenv("CI") != null) {
            throw new AssertionError("python3-zmq must be installed by .ci/run (" + failure + ")");
        }
        Assumptions.assumeTrue(false, "python3-zmq (Debian) not installed: libzmq interop test skipped");
    }

    /**
     * Like {@link #assumeAvailable()}, and also skips (on CI: fails) unless python3-zmq's libzmq
     * has CURVE ({@code zmq.has("curve")}, RFC 26), for the security interop tests.
     *
     * @throws AssertionError when a check fails and {@code CI} is set
     */
    public static void assumeCurveAvailable() {
        assumeAvailable();
        String failure;
        synchronized (PROBE_LOCK) {
            if (curveProbeFailure == null) {
                curveProbeFailure = runProbe("import sys, zmq; sys.exit(0 if zmq.has('curve') else 1)");
            }
            failure = curveProbeFailure;
        }
        if (failure.isEmpty()) {
            return;
        }
        if (System.getenv("CI") != null) {
            throw new AssertionError("python3-zmq's libzmq must support CURVE (" + failure + ")");
        }
        Assumptions.assumeTrue(false, "python3-zmq's libzmq has no CURVE: CURVE interop test skipped");
    }

    /**
     * Returns the first stdout line starting with {@code prefix} that no earlier call returned,
     * waiting up to {@code timeout} for it.
     *
     * @throws AssertionError on timeout, or when the script's stdout ended (it exited) without
     *                        such a line; the message carries recent stdout and stderr
     */
    public String awaitLine(String prefix, Duration timeout) {
        Objects.requireNonNull(prefix, "prefix");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            consumer.lock();
            try {
                drainIncoming();
                for (int i = returned.nextClearBit(0); i < history.size(); i = returned.nextClearBit(i + 1)) {
                    if (history.get(i).startsWith(prefix)) {
                        returned.set(i);
                        return history.get(i);
                    }
                }
                if (stdoutEnded) {
                    throw failure("the script ended without printing a line starting with '" + prefix + "'");
                }
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    throw failure("no line starting with '" + prefix + "' within " + timeout);
                }
                accept(incoming.poll(Math.min(remaining, POLL_SLICE_MILLIS), TimeUnit.MILLISECONDS));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for '" + prefix + "'");
            }
            finally {
                consumer.unlock();
            }
        }
    }

    /**
     * Waits for the {@code READY} line and returns what follows it: the bound endpoint (e.g.
     * {@code tcp://127.0.0.1:41234}) or {@code "-"} when the script only connects.
     *
     * @throws AssertionError like {@link #awaitLine(String, Duration)}
     */
    public String awaitReady(Duration timeout) {
        return awaitLine("READY ", timeout).substring("READY ".length()).trim();
    }

    /** Snapshot of all stdout lines received so far, in order (returned or not). */
    public List<String> lines() {
        consumer.lock();
        try {
            drainIncoming();
            return List.copyOf(history);
        }
        finally {
            consumer.unlock();
        }
    }

    /** Snapshot of the last {@value #STDERR_KEEP} stderr lines. */
    public List<String> stderr() {
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    /**
     * Writes one line to the script's stdin (e.g. {@code "GO"} for {@code ventilator.py --wait-go}).
     *
     * @throws UncheckedIOException if stdin is already closed or the script is gone
     */
    public void sendLine(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot write to stdin of " + description, ex);
        }
    }

    /**
     * Waits for the script to exit on its own (e.g. after {@code --count}) and returns its exit code.
     *
     * @throws AssertionError if it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for the exit");
        }
        throw failure("still running after " + timeout);
    }

    /** Whether the script process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process id, for diagnostics. */
    public long pid() {
        return process.pid();
    }

    /**
     * Asks the script to stop by closing its stdin, waits up to 5 s for it to exit, then
     * kills it forcibly. Idempotent; never leaves the process behind.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            try {
                stdin.close();
            }
            catch (IOException ignored) {
                // already gone: nothing to ask politely
            }
            if (!waitForExit(EXIT_GRACE)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                waitForExit(EXIT_GRACE);
            }
        }
        finally {
            LIVE.remove(this);
        }
    }

    @Override
    public String toString() {
        return "PythonPeer[" + description + ", pid " + process.pid() + (process.isAlive() ? "" : ", exited") + "]";
    }

    // ---------------------------------------------------------------------------------------------

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private void drainIncoming() {
        List<String> batch = new ArrayList<>();
        incoming.drainTo(batch);
        batch.forEach(this::accept);
    }

    private void accept(String line) {
        if (line == null) {
            return;
        }
        if (line == EOF) { // identity: the marker, not a script line that happens to read "<eof>"
            stdoutEnded = true;
        }
        else {
            history.add(line);
        }
    }

    private void pumpStdout(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                incoming.add(line);
            }
        }
        catch (IOException ignored) {
            // stream closed because the process is gone
        }
        finally {
            incoming.add(EOF);
        }
    }

    private void pumpStderr(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_KEEP) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        }
        catch (IOException ignored) {
            // stream closed because the process is gone
        }
    }

    private AssertionError failure(String what) {
        settleAfterExit();
        StringBuilder message = new StringBuilder("python peer '").append(description).append("': ").append(what);
        if (process.isAlive()) {
            message.append(" (process still running)");
        }
        else {
            message.append(" (process exited with code ").append(process.exitValue()).append(')');
        }
        List<String> out = consumer.isHeldByCurrentThread() ? List.copyOf(history) : lines();
        message.append("\n--- stdout (last ").append(STDOUT_IN_FAILURES).append(" lines) ---");
        out.subList(Math.max(0, out.size() - STDOUT_IN_FAILURES), out.size())
                .forEach(line -> message.append('\n').append(line));
        message.append("\n--- stderr (last ").append(STDERR_KEEP).append(" lines) ---");
        stderr().forEach(line -> message.append('\n').append(line));
        return new AssertionError(message.toString());
    }

    /**
     * When the script is exiting (stdout ended or process gone), give it up to a second to be
     * reaped and the stderr reader to reach the end, so failure messages carry its last words.
     */
    private void settleAfterExit() {
        boolean ending = !process.isAlive();
        if (!ending && consumer.isHeldByCurrentThread()) {
            ending = stdoutEnded;
        }
        if (!ending) {
            return;
        }
        try {
            process.waitFor(1, TimeUnit.SECONDS);
            stderrReader.join(1000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(String stream, Runnable body) {
        Thread thread = new Thread(body, "python-peer-" + stream);
        thread.setDaemon(true);
        return thread;
    }

    /** Keeps pyenv/venv settings away from the system interpreter and forces UTF-8, unbuffered I/O. */
    private static void sanitizeEnvironment(Map<String, String> env) {
        env.remove("PYTHONPATH");
        env.remove("PYTHONHOME");
        env.remove("PYTHONSTARTUP");
        env.remove("VIRTUAL_ENV");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        env.put("PYTHONUTF8", "1");
    }

    private static Path resolveScript(String script) {
        return EXTRACTED.computeIfAbsent(script, name -> {
            String resource = RESOURCE_FOLDER + name;
            URL url = findResource(resource);
            if (url == null) {
                throw new IllegalArgumentException("test resource '" + resource + "' not found on the classpath");
            }
            if ("file".equals(url.getProtocol())) {
                try {
                    return Paths.get(url.toURI());
                }
                catch (URISyntaxException | IllegalArgumentException ex) {
                    // fall through to copying the resource
                }
            }
            try (InputStream in = url.openStream()) {
                Path copy = extractionFolder(url).resolve(name);
                extract(in, copy);
                return copy;
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot extract " + url, ex);
            }
        });
    }

    /**
     * The temporary folder scripts from a jar are copied to, created once per JVM together with
     * copies of the shared modules ({@code _*.py} of the script's jar folder) the scripts import.
     */
    private static Path extractionFolder(URL script) throws IOException {
        synchronized (EXTRACTION_LOCK) {
            if (extractionFolder == null) {
                Path folder = Files.createTempDirectory("zmq-peers-");
                folder.toFile().deleteOnExit(); // registered before its files, so deleted after them
                extractSharedModules(script, folder);
                extractionFolder = folder;
            }
            return extractionFolder;
        }
    }

    private static void extractSharedModules(URL script, Path folder) throws IOException {
        URLConnection connection = script.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new IOException("cannot list the shared modules (_*.py) next to " + script);
        }
        jarConnection.setUseCaches(false); // a JarFile of our own, closed below
        String entryName = jarConnection.getEntryName();
        String prefix = entryName.substring(0, entryName.lastIndexOf('/') + 1);
        try (JarFile jar = jarConnection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String module = entry.getName().startsWith(prefix) ? entry.getName().substring(prefix.length()) : "";
                if (module.startsWith("_") && module.endsWith(".py") && module.indexOf('/') < 0) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        extract(in, folder.resolve(module));
                    }
                }
            }
        }
    }

    private static void extract(InputStream in, Path target) throws IOException {
        target.toFile().deleteOnExit();
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static URL findResource(String resource) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        URL url = context != null ? context.getResource(resource) : null;
        return url != null ? url : PythonPeer.class.getClassLoader().getResource(resource);
    }

    /** "" when {@code import zmq} works with {@link #PYTHON}, otherwise why not. Runs once. */
    private static String probe() {
        synchronized (PROBE_LOCK) {
            if (!probed) {
                probeFailure = runProbe("import zmq");
                probed = true;
            }
            return probeFailure;
        }
    }

    private static String runProbe(String code) {
        if (!Files.isExecutable(Paths.get(PYTHON))) {
            return PYTHON + " not found";
        }
        ProcessBuilder builder = new ProcessBuilder(PYTHON, "-c", code)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        sanitizeEnvironment(builder.environment());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return PYTHON + " -c \"" + code + "\" did not finish within " + PROBE_TIMEOUT;
            }
            return process.exitValue() == 0 ? "" : PYTHON + " -c \"" + code + "\" failed with exit code " + process.exitValue();
        }
        catch (IOException ex) {
            return "cannot run " + PYTHON + ": " + ex.getMessage();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted while probing " + PYTHON;
        }
    }

    /**
     * The command line of one peer script: options with a value become a single
     * {@code --name=value} argument each, flags {@code --name}. Built by {@link #script(String)}
     * and run by {@link #start()}; not thread-safe.
     */
    public static final class Command {

        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

        private final String script;

        private final List<String> arguments = new ArrayList<>();

        private Command(String script) {
            this.script = Objects.requireNonNull(script, "script");
        }

        /**
         * Adds {@code --name=value}; repeat the call for an option the script accepts several times
         * (such as {@code --connect}).
         *
         * @param name  the option's name without dashes, e.g. {@code "secret-key"}
         * @param value its value, e.g. a Z85 key, an endpoint or a number; {@link String#valueOf} of it
         *              is passed as it is, even when it begins with {@code -}
         * @return this command
         * @throws IllegalArgumentException if the name is not a lower-case option name
         */
        public Command option(String name, Object value) {
            Objects.requireNonNull(value, () -> "value of --" + name);
            this.arguments.add("--" + checked(name) + "=" + value);
            return this;
        }

        /**
         * Adds {@code --name}, an option without a value.
         *
         * @param name the flag's name without dashes, e.g. {@code "ignore-stdin"}
         * @return this command
         * @throws IllegalArgumentException if the name is not a lower-case option name
         */
        public Command flag(String name) {
            this.arguments.add("--" + checked(name));
            return this;
        }

        /** The arguments given to the script so far, in order. */
        public List<String> arguments() {
            return List.copyOf(this.arguments);
        }

        /**
         * Starts {@code /usr/bin/python3 -u python/<script> arguments...}.
         *
         * @return the running peer; close it (try-with-resources) to stop it
         * @throws IllegalArgumentException if the script is not on the test classpath
         * @throws UncheckedIOException     if the process cannot be started
         */
        public PythonPeer start() {
            return PythonPeer.start(this.script, arguments());
        }

        @Override
        public String toString() {
            return this.script + " " + String.join(" ", this.arguments);
        }

        private static String checked(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not an option name: give it without dashes, "
                        + "in lower case, e.g. \"secret-key\"");
            }
            return name;
        }

    }

}
