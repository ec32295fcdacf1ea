package dev.zmqspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.core.ZmqTemplate;

/**
 * {@code ZmqTemplate.push} against a raw JeroMQ PUSH {@code send} (Guide ch.1 "Divide and
 * Conquer"), messages per second. Each side feeds its own instance of the same raw PULL drain loop
 * ({@link RawReceiver.Mode#DRAIN}), bound on that side's context (the application's
 * {@code ZContext} for the starter, a raw one configured the same way), so each side runs one
 * context with one I/O thread; backpressure at the high-water mark (1000) keeps the sender at the
 * speed of real delivery. Both sides live in the same JVM and alternate by iteration
 * ({@link Alternation}).
 *
 * <p>{@code push1Thread}: one sending thread. {@code push4Threads}: four threads sending at once;
 * through the template each thread gets its own PUSH socket, exactly as the raw side opens one
 * socket per thread. The template's endpoint is the drain's connect address, as a user writes it.
 * 100-byte messages; {@code run.sh} also runs {@code push1Thread} with 1 KB and 64 KB over tcp.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TemplatePushBenchmark {

	/** One side: a context and its drain. */
	static final class Side {

		final ConfigurableApplicationContext application;

		final ZmqTemplate template;

		final ZContext context;

		final RawReceiver drain;

		final String endpoint;

		Side(ConfigurableApplicationContext application, ZContext context, String transport, int size) {
			this.application = application;
			this.template = (application != null) ? application.getBean(ZmqTemplate.class) : null;
			this.context = context;
			this.drain = new RawReceiver(context, SocketType.PULL, "@" + RawZmq.bindAddress(transport, "push"),
					RawReceiver.Mode.DRAIN, size);
			this.endpoint = this.drain.endpoint();
		}

		void close() throws Exception {
			this.drain.close();
			if (this.application != null) {
				this.application.close(); // closes the template, then the context
			}
			else {
				this.context.close();
			}
		}

	}

	/** Both sides, shared by every sending thread. */
	@State(Scope.Benchmark)
	public static class Pair extends AlternatingState {

		@Param({ "tcp", "inproc" })
		public String transport;

		@Param({ "100" })
		public int size;

		Side starter;

		Side raw;

		byte[] payload;

		@Setup(Level.Trial)
		public void open() throws Exception {
			ConfigurableApplicationContext application = StarterApp.start(App.class);
			this.starter = new Side(application, application.getBean(ZContext.class), this.transport, this.size);
			this.raw = new Side(null, RawZmq.context(), this.transport, this.size);
			this.payload = RawZmq.payload(this.size);
		}

		@TearDown(Level.Iteration)
		public void settle() {
			(this.useStarter ? this.starter : this.raw).drain.arrivals().awaitQuiet(Duration.ofMillis(50));
		}

		@TearDown(Level.Trial)
		public void close() throws Exception {
			this.starter.close();
			this.raw.close();
		}

	}

	/**
	 * A sending thread: its raw PUSH socket, and its template sockets, opened and closed by it.
	 * Also reports, per iteration, the CPU time the sending thread used and the messages it sent
	 * (JMH auxiliary counters {@code senderCpuNanos} and {@code messages}): CPU nanoseconds per
	 * message on the sender measure the cost of the send path itself, unaffected by waiting for the
	 * receiver or by other processes taking the CPU, which makes them the steadiest number on a
	 * shared machine.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class Sender {

		private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

		/** CPU time of this sending thread in the iteration. */
		public long senderCpuNanos;

		/** Messages this thread sent in the iteration. */
		public long messages;

		private long cpuStart;

		ZMQ.Socket push;

		ZmqTemplate template;

		@Setup(Level.Trial)
		public void open(Pair pair) {
			this.push = RawZmq.socket(pair.raw.context, SocketType.PUSH);
			this.push.connect(pair.raw.endpoint);
			this.template = pair.starter.template;
		}

		@Setup(Level.Iteration)
		public void startCpu() {
			this.messages = 0;
			this.senderCpuNanos = 0;
			this.cpuStart = THREADS.getCurrentThreadCpuTime();
		}

		@TearDown(Level.Iteration)
		public void stopCpu() {
			this.senderCpuNanos = THREADS.getCurrentThreadCpuTime() - this.cpuStart;
		}

		boolean send(Pair pair) {
			this.messages++;
			if (pair.useStarter) {
				this.template.push(pair.starter.endpoint, pair.payload);
				return true;
			}
			return this.push.send(pair.payload, 0);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.push.close();
			this.template.releaseThreadSockets();
		}

	}

	@Benchmark
	public boolean push1Thread(Pair pair, Sender sender) {
		return sender.send(pair);
	}

	@Benchmark
	@Threads(4)
	public boolean push4Threads(Pair pair, Sender sender) {
		return sender.send(pair);
	}

	/** The starter application: auto-configuration only. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class App {

	}

}
