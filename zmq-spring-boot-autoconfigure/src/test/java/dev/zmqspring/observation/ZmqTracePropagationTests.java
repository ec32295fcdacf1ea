package dev.zmqspring.observation;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMsg;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqBrokerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqMajordomoAutoConfiguration;
import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.core.ZmqFailoverPolicy;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerRegistry;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.majordomo.MajordomoClient;
import dev.zmqspring.test.PythonPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace across ZeroMQ hops with a real tracer (Micrometer Tracing's OpenTelemetry bridge, an
 * in-memory span exporter): a client application and a server application, two Spring contexts,
 * the client's {@code zmq.request} span the parent of the worker's {@code zmq.process} span through
 * a Majordomo broker and through a load-balancing broker, for a plain and for a failover request; a
 * libzmq client continuing its own trace into a worker; and the trace-context frame never reaching
 * the method, nor sent or removed where propagation is off.
 */
class ZmqTracePropagationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

	private static final OpenTelemetrySdk OPEN_TELEMETRY = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(SimpleSpanProcessor.create(SPANS))
			.build())
		.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
		.build();

	private static final io.opentelemetry.api.trace.Tracer OTEL_TRACER = OPEN_TELEMETRY.getTracer("zmq-spring-tests");

	private static final OtelCurrentTraceContext CURRENT = new OtelCurrentTraceContext();

	private static final OtelTracer TRACER = new OtelTracer(OTEL_TRACER, CURRENT, (event) -> {
	}, new OtelBaggageManager(CURRENT, List.of(), List.of()));

	private static final OtelPropagator PROPAGATOR = new OtelPropagator(OPEN_TELEMETRY.getPropagators(), OTEL_TRACER);

	/** The application that serves: brokers and workers, observing and accepting trace context. */
	private final ApplicationContextRunner server = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class, ZmqAutoConfiguration.class,
				ZmqListenerAutoConfiguration.class, ZmqBrokerAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class))
		.withUserConfiguration(Tracing.class, Workers.class)
		.withPropertyValues("zmq.linger=0", "zmq.listener.observation-enabled=true",
				"zmq.listener.trace-propagation=true", "zmq.brokers.mdp.type=majordomo",
				"zmq.brokers.mdp.endpoint=inproc://traced-mdp,tcp://127.0.0.1:*",
				"zmq.majordomo.endpoint=inproc://traced-mdp", "zmq.brokers.lb.type=load-balancing",
				"zmq.brokers.lb.frontend=tcp://127.0.0.1:*", "zmq.brokers.lb.backend=inproc://traced-lb");

	/** The application that asks: the template and the Majordomo client, observing. */
	private final ApplicationContextRunner client = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class))
		.withUserConfiguration(Tracing.class)
		.withPropertyValues("zmq.linger=0", "zmq.template.observation-enabled=true",
				"zmq.template.request-timeout=10s", "zmq.majordomo.observation-enabled=true",
				"zmq.majordomo.request-timeout=10s");

	@BeforeEach
	void noSpansYet() {
		SPANS.reset();
	}

	@Test
	void oneTraceAcrossAMajordomoHopBetweenTwoApplications() {
		this.server.run((server) -> {
			String broker = tcp(server.getBean(MajordomoBroker.class).getEndpoints());
			this.client.withPropertyValues("zmq.majordomo.endpoint=" + broker, "zmq.majordomo.trace-propagation=frames")
				.run((client) -> {
					// the worker counts the frames it was given: the trace-context frame is not one of them
					assertThat(client.getBean(MajordomoClient.class).request("frames", "hello", String.class))
						.isEqualTo("1");
				});
			SpanData request = awaitSpan((span) -> span.getName().equals("frames request"));
			SpanData process = awaitSpan((span) -> span.getName().equals("mdp-frames process"));
			assertThat(request.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(process.getKind()).isEqualTo(SpanKind.SERVER);
			assertThat(process.getTraceId()).isEqualTo(request.getTraceId());
			assertThat(process.getParentSpanId()).isEqualTo(request.getSpanId());
		});
	}

	@Test
	void theLoadBalancingBrokerPassesTheTraceContextThrough() {
		this.server.run((server) -> {
			String frontend = tcp(server.getBean(ZmqBroker.class).getEndpoints());
			this.client.withPropertyValues("zmq.template.trace-propagation=" + frontend).run((client) -> {
				assertThat(client.getBean(ZmqTemplate.class).request(frontend, "hello", String.class)).isEqualTo("1");
			});
			SpanData request = awaitSpan((span) -> span.getName().equals(frontend + " request"));
			SpanData process = awaitSpan((span) -> span.getName().equals("lb-frames process"));
			assertThat(process.getTraceId()).isEqualTo(request.getTraceId());
			assertThat(process.getParentSpanId()).isEqualTo(request.getSpanId());
		});
	}

	@Test
	void aFailoverRequestIsObservedAndCarriesTheTraceContext() {
		this.server.run((server) -> {
			String frontend = tcp(server.getBean(ZmqBroker.class).getEndpoints());
			// the pair's second server is never asked: the first answers
			ZmqFailoverPolicy pair = ZmqFailoverPolicy.alternate(List.of(frontend, "tcp://127.0.0.1:1"));
			this.client.withPropertyValues("zmq.template.trace-propagation=" + frontend).run((client) -> {
				assertThat(client.getBean(ZmqTemplate.class)
					.request(pair, "hello", String.class, Duration.ofSeconds(10), 0)).isEqualTo("1");
			});
			SpanData request = awaitSpan((span) -> span.getName().equals(frontend + " request"));
			SpanData process = awaitSpan((span) -> span.getName().equals("lb-frames process"));
			assertThat(request.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(process.getTraceId()).isEqualTo(request.getTraceId());
			assertThat(process.getParentSpanId()).isEqualTo(request.getSpanId());
		});
	}

	@Test
	void withoutPropagationTheSenderSendsNoExtraFrameAndTheTraceStopsThere() {
		this.server.run((server) -> {
			String rep = server.getBean(ZmqListenerRegistry.class).getEndpoints("rep-frames").get(0);
			this.client.run((client) -> {
				assertThat(client.getBean(ZmqTemplate.class).request(rep, "hello", String.class)).isEqualTo("1");
			});
			SpanData request = awaitSpan((span) -> span.getName().equals(rep + " request"));
			SpanData process = awaitSpan((span) -> span.getName().equals("rep-frames process"));
			assertThat(process.getTraceId()).isNotEqualTo(request.getTraceId());
		});
	}

	@Test
	void aLibzmqClientContinuesItsTraceIntoAWorker() {
		PythonPeer.assumeAvailable();
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String spanId = "00f067aa0ba902b7";
		this.server.run((server) -> {
			String rep = server.getBean(ZmqListenerRegistry.class).getEndpoints("rep-frames").get(0);
			try (PythonPeer peer = PythonPeer.script("trace_req_client.py").option("connect", rep)
					.option("traceparent", "00-" + traceId + "-" + spanId + "-01").option("seconds", "60").start()) {
				peer.awaitReady(WAIT);
				assertThat(peer.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY 1");
			}
			SpanData process = awaitSpan((span) -> span.getName().equals("rep-frames process"));
			assertThat(process.getTraceId()).isEqualTo(traceId);
			assertThat(process.getParentSpanId()).isEqualTo(spanId);
		});
	}

	@Test
	void aListenerWithoutTracePropagationGetsTheMessageAsReceived() {
		PythonPeer.assumeAvailable();
		this.server.withPropertyValues("zmq.listener.trace-propagation=false").run((server) -> {
			String rep = server.getBean(ZmqListenerRegistry.class).getEndpoints("rep-frames").get(0);
			try (PythonPeer peer = PythonPeer.script("trace_req_client.py").option("connect", rep)
					.option("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
					.option("seconds", "60").start()) {
				peer.awaitReady(WAIT);
				assertThat(peer.awaitLine("REPLY ", WAIT)).isEqualTo("REPLY 2");
			}
		});
	}

	private static String tcp(List<String> endpoints) {
		return endpoints.stream().filter((endpoint) -> endpoint.startsWith("tcp://")).findFirst().orElseThrow();
	}

	private static SpanData awaitSpan(Predicate<SpanData> which) {
		return await().atMost(WAIT)
			.until(() -> SPANS.getFinishedSpanItems().stream().filter(which).findFirst(), (span) -> span.isPresent())
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class Tracing {

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
						new PropagatingSenderTracingObservationHandler<>(TRACER, PROPAGATOR),
						new PropagatingReceiverTracingObservationHandler<>(TRACER, PROPAGATOR),
						new DefaultTracingObservationHandler(TRACER)));
			return registry;
		}

	}

	/** Workers that answer with the number of frames they were given. */
	static class Workers {

		@ZmqWorker(id = "mdp-frames", service = "frames")
		String mdp(ZMsg request) {
			return String.valueOf(request.size());
		}

		@ZmqWorker(id = "lb-frames", protocol = "load-balancing", endpoints = "inproc://traced-lb")
		String loadBalanced(ZMsg request) {
			return String.valueOf(request.size());
		}

		@ZmqWorker(id = "rep-frames", endpoints = "@tcp://127.0.0.1:*")
		String rep(ZMsg request) {
			return String.valueOf(request.size());
		}

	}

}
