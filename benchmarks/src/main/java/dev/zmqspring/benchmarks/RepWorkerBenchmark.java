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

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.zmqspring.annotation.ZmqWorker;

/**
 * A REP {@code @ZmqWorker} echo against a raw REP echo loop (Guide ch.1 "Hello World" server),
 * microseconds per round trip from the same raw REQ client code, with percentiles (JMH sample mode).
 * The PULL worker case measures how much a listener can take; this one measures how long one
 * message waits in it: the actor's wake-up, dispatch and reply, once per round trip, which is what a
 * synchronous request pays at every hop through a broker and a worker (Majordomo). 100-byte
 * requests; both sides in the same JVM, alternating by iteration ({@link Alternation}). The
 * client's REQ lives on the side's own context (the application's for the starter), so inproc
 * works too and both sides use one context and one I/O thread.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RepWorkerBenchmark {

	/** Both sides of a trial: a raw REQ in front of the starter's REP worker, and one in front of a raw REP loop. */
	@State(Scope.Thread)
	public static class Pair extends AlternatingState {

		/** tcp by default (the hop a broker pays); {@code -p transport=inproc} shows the actor alone. */
		@Param({ "tcp" })
		public String transport;

		@Param({ "100" })
		public int size;

		ConfigurableApplicationContext application;

		ZMQ.Socket starterReq;

		ZContext rawContext;

		RawEchoServer rawEcho;

		ZMQ.Socket rawReq;

		byte[] payload;

		@Setup(Level.Trial)
		public void open() throws Exception {
			String address = this.transport.equals("tcp") ? "tcp://127.0.0.1:" + MajordomoSupport.freePort()
					: "inproc://rep-worker-bench";
			this.application = StarterApp.start(App.class, "bench.endpoint=@" + address);
			// the client on the application's context, so that inproc reaches the worker
			this.starterReq = RawZmq.socket(this.application.getBean(ZContext.class), SocketType.REQ);
			this.starterReq.connect(address);
			this.rawContext = RawZmq.context();
			this.rawEcho = new RawEchoServer(this.rawContext, RawZmq.bindAddress(this.transport, "rep-echo"));
			this.rawReq = RawZmq.socket(this.rawContext, SocketType.REQ);
			this.rawReq.connect(this.rawEcho.endpoint());
			this.payload = RawZmq.payload(this.size);
		}

		@TearDown(Level.Trial)
		public void close() throws Exception {
			this.starterReq.close();
			this.application.close();
			this.rawReq.close();
			this.rawEcho.close();
			this.rawContext.close();
		}

	}

	@Benchmark
	public byte[] repWorker(Pair pair) {
		ZMQ.Socket req = pair.useStarter ? pair.starterReq : pair.rawReq;
		req.send(pair.payload, 0);
		return req.recv(0);
	}

	/** The echo worker. */
	public static class EchoWorker {

		@ZmqWorker(id = "bench-rep-echo", endpoints = "${bench.endpoint}", type = SocketType.REP)
		public byte[] echo(byte[] body) {
			return body;
		}

	}

	/** Application with the echo worker. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(EchoWorker.class)
	public static class App {

	}

}
