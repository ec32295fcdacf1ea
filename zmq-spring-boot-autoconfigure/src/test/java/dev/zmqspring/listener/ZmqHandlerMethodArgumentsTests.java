package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import dev.zmqspring.annotation.ZmqListenerConfigurer;
import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.coordination.ZmqSynchronizedPublisher;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.majordomo.MajordomoClient;
import dev.zmqspring.observation.ZmqTraceContext;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.test.ZmqListenerTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Handler methods on spring-messaging over real sockets: a ROUTER {@code @ZmqWorker} taking a
 * validated {@code Message<Order>}, the routing identity and envelope as {@code @Header}s and an
 * argument of the application's own kind from a {@link ZmqListenerConfigurer}'s resolver (Guide ch.3
 * envelopes); a {@code @ZmqSubscriber} taking a validated {@code @Payload}, the topic as a
 * {@code @Header} and {@code @Headers} (ch.2); an invalid payload going down the failure path (error
 * reply, error handler, dead letter); the trace context (0029) and Majordomo service (ch.4) headers;
 * and the startup failures of a header the listener never sets and of {@code @Valid} without a
 * validator.
 */
class ZmqHandlerMethodArgumentsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = ZmqListenerTestConfiguration.runner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class));

	@Test
	void routerWorkerTakesValidatedMessageHeadersAndCustomArgument() {
		this.runner.withUserConfiguration(Orders.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqSocketFactory factory = context.getBean(ZmqSocketFactory.class);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			Orders orders = context.getBean(Orders.class);
			String endpoint = registry.getEndpoints("orders").get(0);
			assertThat(endpoint).startsWith("tcp://127.0.0.1:");
			ZMQ.Socket req = factory.create(SocketType.REQ);
			try {
				req.setIdentity("acme/7".getBytes(StandardCharsets.UTF_8));
				req.setReceiveTimeOut(20_000);
				req.connect(endpoint);
				// REQ adds the empty delimiter: the ROUTER worker's envelope is [identity][""]
				req.send(json(template, new Order("anvil", 3)));
				assertThat(req.recvStr()).isEqualTo("3 x anvil for acme from acme/7 (2 envelope frames)");
				assertThat(orders.received).hasSize(1);
				Message<Order> message = orders.received.get(0);
				assertThat(message.getPayload()).isEqualTo(new Order("anvil", 3));
				assertThat(message.getHeaders().get(ZmqHeaders.IDENTITY)).isEqualTo("acme/7".getBytes(StandardCharsets.UTF_8));

				// an invalid order: the requester gets an error reply, the error handler and the dead letter the frames
				req.send(json(template, new Order("", 0)));
				ZMsg reply = ZMsg.recvMsg(req);
				assertThat(reply.popString()).isEqualTo(ZmqErrorReply.MARKER);
				assertThat(reply.popString()).contains(MethodArgumentNotValidException.class.getName())
					.contains("item")
					.contains("quantity");
				ZmqListenerFailure failure = orders.failures.poll(20, TimeUnit.SECONDS);
				assertThat(failure).isNotNull();
				assertThat(failure.listenerId()).isEqualTo("orders");
				assertThat(failure.exception()).isInstanceOf(MethodArgumentNotValidException.class);
				ZMsg dead = orders.dead.poll(20, TimeUnit.SECONDS);
				assertThat(dead).isNotNull();
				assertThat(dead.popString()).isEqualTo("acme/7");
				assertThat(dead.popString()).isEmpty();
				assertThat(dead.popString()).contains("\"quantity\":0");

				// a frame that is no JSON fails the same way, and the worker goes on
				req.send("not json");
				assertThat(ZMsg.recvMsg(req).popString()).isEqualTo(ZmqErrorReply.MARKER);
				req.send(json(template, new Order("rope", 1)));
				assertThat(req.recvStr()).isEqualTo("1 x rope for acme from acme/7 (2 envelope frames)");
			}
			finally {
				factory.close(req);
			}
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(registry.getListenerContainer("orders").getCounters().getErrors()).isEqualTo(2));
		});
	}

	@Test
	void subscriberTakesValidatedPayloadTopicHeaderAndHeaders() {
		this.runner.withUserConfiguration(Publisher.class, OrderFeed.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqSynchronizedPublisher publisher = context.getBean(Publisher.class).publisher;
			OrderFeed feed = context.getBean(OrderFeed.class);
			ZmqListenerTestUtils.awaitSubscribed(registry, "feed", publisher, WAIT);
			publisher.publish("acme/orders", new Order("anvil", 2));
			publisher.publish("acme/orders", new Order("", 2));
			publisher.publish("globex/orders", new Order("rope", 5));
			await().atMost(WAIT).until(() -> feed.received.size() == 2);
			assertThat(feed.received).containsExactly("acme acme/orders anvil x2 [zmq_topic]",
					"globex globex/orders rope x5 [zmq_topic]");
			ZmqListenerFailure failure = feed.failures.poll(20, TimeUnit.SECONDS);
			assertThat(failure).isNotNull();
			assertThat(failure.exception()).isInstanceOf(MethodArgumentNotValidException.class);
			assertThat(failure.message().getFirst().getString(StandardCharsets.UTF_8)).isEqualTo("acme/orders");
		});
	}

	@Test
	void headerTheListenerNeverSetsFailsAtStartup() {
		this.runner.withUserConfiguration(TopicOnWorker.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.isInstanceOf(ZmqListenerMethodException.class)
				.hasMessageContaining("TopicOnWorker.handle")
				.hasMessageContaining("@Header(\"zmq_topic\")")
				.hasMessageContaining("it sets none");
		});
	}

	@Test
	void validationWithoutValidatorFailsAtStartup() {
		ZmqListenerTestConfiguration.runner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withUserConfiguration(ValidatedWithoutValidator.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.isInstanceOf(ZmqListenerMethodException.class)
					.hasMessageContaining("ValidatedWithoutValidator.handle")
					.hasMessageContaining("no Validator");
			});
	}

	@Test
	void plainFormsAndSpringMessagingArgumentsMix() {
		this.runner.withUserConfiguration(Mixed.class).run((context) -> {
			ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
			ZmqSocketFactory factory = context.getBean(ZmqSocketFactory.class);
			String endpoint = registry.getEndpoints("mixed").get(0);
			ZMQ.Socket dealer = factory.create(SocketType.DEALER, List.of(ZmqEndpoint.connect(endpoint)));
			try {
				dealer.setReceiveTimeOut(20_000);
				// a DEALER worker: the envelope is the frames up to and including the empty delimiter
				dealer.sendMore("hop");
				dealer.sendMore("");
				dealer.sendMore("body");
				dealer.send("extra");
				ZMsg reply = ZMsg.recvMsg(dealer);
				assertThat(reply).isNotNull();
				assertThat(reply.popString()).isEqualTo("hop");
				assertThat(reply.popString()).isEmpty();
				// payload and ZMsg as the plain forms give them, the envelope as a header, no identity
				assertThat(reply.popString()).isEqualTo("body|2|hop,|null");
			}
			finally {
				factory.close(dealer);
			}
		});
	}

	@Test
	void aConfigurerNamesTheValidator() {
		ZmqListenerTestConfiguration.runner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withUserConfiguration(SmallOrders.class)
			.run((context) -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				String endpoint = context.getBean(ZmqListenerRegistry.class).getEndpoints("small").get(0);
				assertThat(template.request(endpoint, new Order("nail", 10), String.class)).isEqualTo("10 x nail");
				assertThatExceptionOfType(ZmqRemoteException.class)
					.isThrownBy(() -> template.request(endpoint, new Order("nail", 11), String.class))
					.withMessageContaining(MethodArgumentNotValidException.class.getName())
					.withMessageContaining("too.many");
			});
	}

	@Test
	void traceContextHeaderWithoutObservation() {
		this.runner.withUserConfiguration(Traced.class)
			.withPropertyValues("zmq.listener.trace-propagation=true")
			.run((context) -> {
				ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
				ZmqSocketFactory factory = context.getBean(ZmqSocketFactory.class);
				String endpoint = registry.getEndpoints("traced").get(0);
				ZMQ.Socket req = factory.create(SocketType.REQ, List.of(ZmqEndpoint.connect(endpoint)));
				try {
					req.setReceiveTimeOut(20_000);
					ZmqTraceContext trace = new ZmqTraceContext();
					trace.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
					req.sendMore("hello");
					req.send(trace.toFrame());
					assertThat(req.recvStr()).isEqualTo("hello 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
					// a message without the frame: the header is absent
					req.send("plain");
					assertThat(req.recvStr()).isEqualTo("plain none");
				}
				finally {
					factory.close(req);
				}
			});
	}

	@Test
	void majordomoWorkerTakesItsServiceHeader() {
		this.runner
			.withConfiguration(AutoConfigurations.of(dev.zmqspring.autoconfigure.ZmqMajordomoAutoConfiguration.class))
			.withUserConfiguration(Service.class)
			.withPropertyValues("zmq.linger=0", "zmq.brokers.mdp.type=majordomo",
					"zmq.brokers.mdp.endpoint=inproc://handler-arguments-mdp",
					"zmq.majordomo.endpoint=inproc://handler-arguments-mdp")
			.run((context) -> {
				MajordomoClient client = context.getBean(MajordomoClient.class);
				assertThat(client.request("titles", "anvil", String.class)).isEqualTo("titles: ANVIL");
			});
	}

	private static byte[] json(ZmqTemplate template, Object payload) {
		return template.getConverters().toFrame(payload);
	}

	record Order(@NotBlank String item, @Positive int quantity) {
	}

	record Tenant(String name) {
	}

	/** Finds the tenant in the identity or topic: the text before the first '/'. */
	static class TenantResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == Tenant.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Message<?> message) {
			Object topic = message.getHeaders().get(ZmqHeaders.TOPIC);
			String text = (topic != null) ? (String) topic
					: new String((byte[]) message.getHeaders().get(ZmqHeaders.IDENTITY), StandardCharsets.UTF_8);
			return new Tenant(text.substring(0, text.indexOf('/')));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Tenants {

		@Bean
		ZmqListenerConfigurer tenants() {
			return new ZmqListenerConfigurer() {
				@Override
				public void configureArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
					resolvers.add(new TenantResolver());
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.context.annotation.Import(Tenants.class)
	static class Orders {

		final List<Message<Order>> received = new CopyOnWriteArrayList<>();

		final BlockingQueue<ZmqListenerFailure> failures = new LinkedBlockingQueue<>();

		final BlockingQueue<ZMsg> dead = new LinkedBlockingQueue<>();

		@Bean
		ZmqListenerErrorHandler ordersFailures() {
			return this.failures::add;
		}

		@ZmqWorker(id = "orders", endpoints = "tcp://127.0.0.1:*", type = SocketType.ROUTER,
				errorHandler = "ordersFailures", deadLetter = "inproc://handler-arguments-dead")
		String handle(@Valid Message<Order> message, @Header(ZmqHeaders.IDENTITY) String identity,
				@Header(ZmqHeaders.ENVELOPE) List<byte[]> envelope, Tenant tenant) {
			this.received.add(message);
			Order order = message.getPayload();
			return order.quantity() + " x " + order.item() + " for " + tenant.name() + " from " + identity + " ("
					+ envelope.size() + " envelope frames)";
		}

		@ZmqWorker(id = "ordersDead", endpoints = "@inproc://handler-arguments-dead", type = SocketType.PULL)
		void deadLetter(ZMsg message) {
			this.dead.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Publisher {

		final ZmqSynchronizedPublisher publisher;

		Publisher(ZmqSocketFactory factory, ZmqTemplate template) {
			this.publisher = new ZmqSynchronizedPublisher("orders", factory, template, "tcp://127.0.0.1:*").start(WAIT);
		}

		@Bean(destroyMethod = "")
		String orderFeedEndpoint() {
			return this.publisher.getEndpoint();
		}

		@jakarta.annotation.PreDestroy
		void stop() {
			this.publisher.stop(WAIT);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.context.annotation.Import(Tenants.class)
	static class OrderFeed {

		final List<String> received = new CopyOnWriteArrayList<>();

		final BlockingQueue<ZmqListenerFailure> failures = new LinkedBlockingQueue<>();

		@Bean
		ZmqListenerErrorHandler feedFailures() {
			return this.failures::add;
		}

		@ZmqSubscriber(id = "feed", endpoints = "#{@orderFeedEndpoint}", topics = { "acme/", "globex/" },
				errorHandler = "feedFailures")
		void onOrder(@Valid @Payload Order order, @Header(ZmqHeaders.TOPIC) String topic, Tenant tenant,
				@Headers Map<String, Object> headers) {
			this.received.add(tenant.name() + " " + topic + " " + order.item() + " x" + order.quantity() + " "
					+ headers.keySet());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SmallOrders {

		@Bean
		ZmqListenerConfigurer smallOrdersValidator() {
			return new ZmqListenerConfigurer() {
				@Override
				public Validator getValidator() {
					return new Validator() {
						@Override
						public boolean supports(Class<?> type) {
							return type == Order.class;
						}

						@Override
						public void validate(Object target, Errors errors) {
							if (((Order) target).quantity() > 10) {
								errors.rejectValue("quantity", "too.many");
							}
						}
					};
				}
			};
		}

		@ZmqWorker(id = "small", endpoints = "tcp://127.0.0.1:*")
		String handle(@Validated Order order) {
			return order.quantity() + " x " + order.item();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Traced {

		@ZmqWorker(id = "traced", endpoints = "tcp://127.0.0.1:*")
		String handle(String body,
				@Header(name = ZmqHeaders.TRACE_CONTEXT, required = false) ZmqTraceContext trace) {
			return body + " " + ((trace != null) ? trace.get("traceparent") : "none");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Service {

		@ZmqWorker(service = "titles")
		String handle(@Header(ZmqHeaders.SERVICE) String service, @Payload String body) {
			return service + ": " + body.toUpperCase(java.util.Locale.ROOT);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TopicOnWorker {

		@ZmqWorker(endpoints = "inproc://handler-arguments-topic-on-worker")
		String handle(String body, @Header(ZmqHeaders.TOPIC) String topic) {
			return body;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ValidatedWithoutValidator {

		@ZmqWorker(endpoints = "inproc://handler-arguments-no-validator")
		String handle(@Valid Order order) {
			return order.item();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Mixed {

		@ZmqWorker(id = "mixed", endpoints = "@tcp://127.0.0.1:*", type = SocketType.DEALER)
		String handle(String body, ZMsg frames, @Header(ZmqHeaders.ENVELOPE) List<byte[]> envelope,
				@Header(name = ZmqHeaders.IDENTITY, required = false) String identity) {
			StringBuilder hops = new StringBuilder();
			for (byte[] frame : envelope) {
				hops.append(new String(frame, StandardCharsets.UTF_8)).append(',');
			}
			hops.setLength(hops.length() - 1);
			return body + "|" + frames.size() + "|" + hops + "|" + identity;
		}

	}

}
