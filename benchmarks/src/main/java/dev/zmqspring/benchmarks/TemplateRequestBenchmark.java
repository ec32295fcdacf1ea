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
 * round trip with percentiles (JMH sample mode). The same raw REP echo server
 * ({@link RawEchoServer}), bound on the client's own context, answers both; 100-byte requests.
 *
 * <p>The raw client blocks in {@code recv} without a timeout, the simplest and fastest raw round
 * trip; the template additionally arms a receive timeout and would retry (its reliability is part
 * of what is measured).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TemplateRequestBenchmark {

	/** The echo server and the client context of a trial. */
	@State(Scope.Benchmark)
	public static class Server {

		@Param({ "tcp", "inproc" })
		public String transport;

		@Param({ "100" })
		public int size;

		ConfigurableApplicationContext application;

		ZmqTemplate template;

		ZContext context;

		RawEchoServer echo;

		String endpoint;

		byte[] payload;

		void open(boolean starter) {
			if (starter) {
				this.application = StarterApp.start(TemplatePushBenchmark.App.class);
				this.template = this.application.getBean(ZmqTemplate.class);
				this.context = this.application.getBean(ZContext.class);
			}
			else {
				this.context = RawZmq.context();
			}
			this.echo = new RawEchoServer(this.context, RawZmq.bindAddress(this.transport, "echo"));
			this.endpoint = this.echo.endpoint();
			this.payload = RawZmq.payload(this.size);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.echo.close();
			if (this.application != null) {
				this.application.close();
			}
			else {
				this.context.close();
			}
		}

	}

	/** The starter side. */
	@State(Scope.Benchmark)
	public static class StarterServer extends Server {

		@Setup(Level.Trial)
		public void open() {
			open(true);
		}

	}

	/** The raw side. */
	@State(Scope.Benchmark)
	public static class RawServer extends Server {

		@Setup(Level.Trial)
		public void open() {
			open(false);
		}

	}

	/** The raw REQ socket of the benchmark thread. */
	@State(Scope.Thread)
	public static class RawReq {

		ZMQ.Socket socket;

		@Setup(Level.Trial)
		public void open(RawServer server) {
			this.socket = RawZmq.socket(server.context, SocketType.REQ);
			this.socket.connect(server.endpoint);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.socket.close();
		}

	}

	@Benchmark
	public byte[] starterRequest(StarterServer server) {
		return server.template.request(server.endpoint, server.payload, byte[].class);
	}

	@Benchmark
	public byte[] rawRequest(RawServer server, RawReq req) {
		req.socket.send(server.payload, 0);
		return req.socket.recv(0);
	}

}
