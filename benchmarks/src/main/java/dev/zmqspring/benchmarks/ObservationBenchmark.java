package dev.zmqspring.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
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

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerRegistry;

/**
 * What Micrometer Observation costs per message: {@code ZmqTemplate.request} (tcp round trip to a
 * raw REP echo) and {@code ZmqTemplate.push} (tcp, to a raw PULL drain) with
 * {@code zmq.template.observation-enabled} off (the default) and on. "on" records each observation
 * as a Micrometer timer ({@link DefaultMeterObservationHandler} on a {@link SimpleMeterRegistry}),
 * and {@code requestToWorker} is a round trip to a {@code @ZmqWorker} echo in the same application
 * ({@code zmq.listener.observation-enabled} follows the setting too),
 * what an application with metrics gets; run it with {@code -prof gc} to read the bytes allocated
 * per message. The raw JeroMQ baselines of the same exchanges are in
 * {@link TemplateRequestBenchmark} and {@link TemplatePushBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ObservationBenchmark {

	/** One application with observation off or on, its echo server and its drain. */
	@State(Scope.Thread)
	public static class Side {

		@Param({ "off", "on" })
		public String observation;

		ConfigurableApplicationContext application;

		ZmqTemplate template;

		RawEchoServer echo;

		RawReceiver drain;

		byte[] payload;

		String worker;

		@Setup(Level.Trial)
		public void open() throws Exception {
			this.application = "on".equals(this.observation)
					? StarterApp.start(Observed.class, "zmq.template.observation-enabled=true",
							"zmq.listener.observation-enabled=true")
					: StarterApp.start(Plain.class);
			this.worker = this.application.getBean(ZmqListenerRegistry.class).getEndpoints("echo").get(0);
			this.template = this.application.getBean(ZmqTemplate.class);
			ZContext context = this.application.getBean(ZContext.class);
			this.echo = new RawEchoServer(context, RawZmq.bindAddress("tcp", "echo"));
			this.drain = new RawReceiver(context, SocketType.PULL, "@" + RawZmq.bindAddress("tcp", "push"),
					RawReceiver.Mode.DRAIN, 100);
			this.payload = RawZmq.payload(100);
		}

		@TearDown(Level.Iteration)
		public void settle() {
			this.drain.arrivals().awaitQuiet(Duration.ofMillis(50));
		}

		@TearDown(Level.Trial)
		public void close() throws Exception {
			this.template.releaseThreadSockets();
			this.echo.close();
			this.drain.close();
			this.application.close();
		}

	}

	@Benchmark
	public byte[] request(Side side) {
		return side.template.request(side.echo.endpoint(), side.payload, byte[].class);
	}

	/** A round trip to a {@code @ZmqWorker} REP echo in the same application: "on" observes both ends. */
	@Benchmark
	public byte[] requestToWorker(Side side) {
		return side.template.request(side.worker, side.payload, byte[].class);
	}

	@Benchmark
	public void push(Side side) {
		side.template.push(side.drain.endpoint(), side.payload);
	}

	/** The application without observation: the auto-configuration and a REP echo worker. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class Plain {

		@ZmqWorker(id = "echo", endpoints = "@tcp://127.0.0.1:*")
		byte[] echo(byte[] request) {
			return request;
		}

	}

	/** The same application with an observation registry that records timers. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	public static class Observed {

		@ZmqWorker(id = "echo", endpoints = "@tcp://127.0.0.1:*")
		byte[] echo(byte[] request) {
			return request;
		}

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
			return registry;
		}

	}

}
