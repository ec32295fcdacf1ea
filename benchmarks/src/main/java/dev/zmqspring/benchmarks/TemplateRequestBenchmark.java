package dev.zmqspring.benchmarks;

import java.util.concurrent.TimeUnit;

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
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.context.ConfigurableApplicationContext;

import dev.zmqspring.core.ZmqTemplate;

/**
 * {@code ZmqTemplate.request} (the Lazy Pirate client of Guide ch.4 on a per-thread REQ socket)
 * against a raw REQ {@code send} + {@code recv} round trip (ch.1 "Hello World"), microseconds per
 * round trip with percentiles (JMH sample mode). Each side has its own instance of the same raw
 * REP echo server ({@link RawEchoServer}) bound on that side's context; 100-byte requests. Both
 * sides live in the same JVM and alternate by iteration ({@link Alternation}).
 *
 * <p>The raw client blocks in {@code recv} without a timeout, the simplest and fastest raw round
 * trip; the template additionally arms a receive timeout and would retry (its reliability is part
 * of what is measured).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TemplateRequestBenchmark {

	/** Both sides of a trial. */
	@State(Scope.Thread)
	public static class Pair extends AlternatingState {

		@Param({ "tcp", "inproc" })
		public String transport;

		@Param({ "100" })
		public int size;

		/**
		 * Receive timeout of the raw REQ socket in ms; -1 (the baseline) blocks. For diagnosis only:
		 * {@code -p rawReceiveTimeout=2500} arms the template's default Lazy Pirate timeout on the raw side.
		 */
		@Param({ "-1" })
		public int rawReceiveTimeout;

		ConfigurableApplicationContext application;

		ZmqTemplate template;

		RawEchoServer starterEcho;

		String starterEndpoint;

		ZContext rawContext;

		RawEchoServer rawEcho;

		ZMQ.Socket req;

		byte[] payload;

		@Setup(Level.Trial)
		public void open() throws Exception {
			this.application = StarterApp.start(TemplatePushBenchmark.App.class);
			this.template = this.application.getBean(ZmqTemplate.class);
			this.starterEcho = new RawEchoServer(this.application.getBean(ZContext.class),
					RawZmq.bindAddress(this.transport, "echo"));
			this.starterEndpoint = this.starterEcho.endpoint();
			this.rawContext = RawZmq.context();
			this.rawEcho = new RawEchoServer(this.rawContext, RawZmq.bindAddress(this.transport, "echo"));
			this.req = RawZmq.socket(this.rawContext, SocketType.REQ);
			if (this.rawReceiveTimeout >= 0) {
				this.req.setReceiveTimeOut(this.rawReceiveTimeout);
			}
			this.req.connect(this.rawEcho.endpoint());
			this.payload = RawZmq.payload(this.size);
		}

		@TearDown(Level.Trial)
		public void close() throws Exception {
			this.template.releaseThreadSockets();
			this.starterEcho.close();
			this.application.close();
			this.req.close();
			this.rawEcho.close();
			this.rawContext.close();
		}

	}

	@Benchmark
	public byte[] request(Pair pair) {
		if (pair.useStarter) {
			return pair.template.request(pair.starterEndpoint, pair.payload, byte[].class);
		}
		pair.req.send(pair.payload, 0);
		return pair.req.recv(0);
	}

}
