package dev.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link BatchIoThreadFactory} on real JeroMQ contexts: the I/O threads become SCHED_BATCH (read back
 * from {@code /proc}, not from the factory's word), the reaper does not, and when {@code chrt} cannot run
 * the threads still move messages.
 */
class BatchIoThreadFactoryTests {

	@BeforeAll
	static void linuxOnly() {
		assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "Linux scheduling policies need /proc");
	}

	@Test
	void ioThreadsRunAsSchedBatchAndStillCarryMessages() throws Exception {
		List<Long> reapersBefore = threadsNamed("reaper");
		try (ZContext context = new ZContext(2)) {
			BatchIoThreadFactory factory = new BatchIoThreadFactory(context.getContext(), new LinuxThreadScheduling());
			context.getContext().setThreadFactor(factory);
			roundTrip(context);
			await().atMost(Duration.ofSeconds(10)).until(() -> factory.getResults().size() == 2);
			List<LinuxThreadScheduling.Result> results = factory.getResults();
			assertThat(results).allSatisfy((result) -> {
				assertThat(result.applied()).as(result.detail()).isTrue();
				assertThat(result.threadName()).startsWith("iothread");
				assertThat(LinuxThreadScheduling.policyOf(result.threadId())).isEqualTo(LinuxThreadScheduling.SCHED_BATCH);
			});
			// this context's reaper: the one that was not there before (other tests' contexts may still be closing)
			List<Long> reapers = threadsNamed("reaper");
			reapers.removeAll(reapersBefore);
			assertThat(reapers).isNotEmpty()
				.allSatisfy((tid) -> assertThat(LinuxThreadScheduling.policyOf(tid)).isEqualTo(LinuxThreadScheduling.SCHED_OTHER));
		}
	}

	@Test
	void aMissingChrtIsReportedAndTheIoThreadRunsNormally() {
		try (ZContext context = new ZContext(1)) {
			BatchIoThreadFactory factory = new BatchIoThreadFactory(context.getContext(),
					new LinuxThreadScheduling("zmq-spring-boot-no-such-chrt", Duration.ofSeconds(5)));
			context.getContext().setThreadFactor(factory);
			roundTrip(context);
			await().atMost(Duration.ofSeconds(10)).until(() -> factory.getResults().size() == 1);
			LinuxThreadScheduling.Result result = factory.getResults().get(0);
			assertThat(result.applied()).isFalse();
			assertThat(result.detail()).contains("zmq-spring-boot-no-such-chrt").contains("could not be started");
			assertThat(LinuxThreadScheduling.policyOf(result.threadId())).isEqualTo(LinuxThreadScheduling.SCHED_OTHER);
		}
	}

	@Test
	void threadsAreBuiltAsJeromqBuildsThem() {
		try (ZContext context = new ZContext(1)) {
			Thread.UncaughtExceptionHandler handler = (thread, ex) -> {
			};
			context.getContext().setUncaughtExceptionHandler(handler);
			BatchIoThreadFactory factory = new BatchIoThreadFactory(context.getContext(), new LinuxThreadScheduling());
			for (String name : List.of("iothread-2", "reaper-1")) {
				Thread thread = factory.apply(() -> {
				}, name);
				assertThat(thread.getName()).isEqualTo(name);
				assertThat(thread.isDaemon()).isTrue();
				assertThat(thread.getUncaughtExceptionHandler()).isSameAs(handler);
			}
		}
	}

	@Test
	void aFailingChrtIsReportedWithItsExitCode() {
		// "false" takes any arguments and exits with 1: the shape of a chrt that is refused
		LinuxThreadScheduling.Result result = new LinuxThreadScheduling("false", Duration.ofSeconds(5)).batchCurrentThread();
		assertThat(result.applied()).isFalse();
		assertThat(result.detail()).contains("exited with 1");
		assertThat(result.threadName()).isEqualTo(Thread.currentThread().getName());
	}

	/** A tcp PUSH/PULL round trip: only works once the context's I/O threads run. */
	private static void roundTrip(ZContext context) {
		ZMQ.Socket pull = context.createSocket(SocketType.PULL);
		pull.setReceiveTimeOut(10_000);
		int port = pull.bindToRandomPort("tcp://127.0.0.1");
		ZMQ.Socket push = context.createSocket(SocketType.PUSH);
		push.setHandshakeIvl(1000); // a stalled handshake (docs/jeromq.md) retries within the receive timeout
		push.connect("tcp://127.0.0.1:" + port);
		push.send("hello");
		assertThat(pull.recvStr()).isEqualTo("hello");
	}

	private static List<Long> threadsNamed(String prefix) throws Exception {
		try (var tasks = Files.list(Path.of("/proc/self/task"))) {
			return tasks.filter((task) -> comm(task).startsWith(prefix))
				.map((task) -> Long.parseLong(task.getFileName().toString()))
				.collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
		}
	}

	private static String comm(Path task) {
		try {
			return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim();
		}
		catch (java.io.IOException ex) {
			return "";
		}
	}

}
