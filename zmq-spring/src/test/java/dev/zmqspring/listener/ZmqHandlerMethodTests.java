package dev.zmqspring.listener;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.zeromq.ZMsg;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

import dev.zmqspring.core.ZmqMessageConverters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link ZmqHandlerMethod} prepares a method with spring-messaging at hand (decision 0045):
 * methods of the plain forms stay plain, whatever resolvers exist; a spring-messaging argument gets
 * its resolver at startup, one view per message, dropped after the call; a resolver of the
 * application's claims its type.
 */
class ZmqHandlerMethodTests {

	private static final ZmqListenerHeaders SUBSCRIBER = new ZmqListenerHeaders(true, false, false, null, false);

	private final ZmqHandlerMethodArguments arguments = new ZmqHandlerMethodArguments(ZmqMessageConverters.defaults(),
			List.of(new TenantResolver()), () -> null, null);

	private final Target target = new Target();

	@Test
	void plainFormsStayPlain() throws Exception {
		assertThat(prepare("payload", -1).messaging()).isFalse();
		assertThat(prepare("topicAndWhole", 0).messaging()).isFalse();
		assertThat(prepare("bytes", -1).messaging()).isFalse();
		ZmqHandlerMethod whole = prepare("topicAndWhole", 0);
		ZmqInboundMessage message = message("news", "hello");
		assertThat(invoke(whole, message)).isEqualTo("news 2");
		assertThat(message.view).isNull();
	}

	@Test
	void springMessagingArgumentsShareOneViewPerMessage() throws Exception {
		ZmqHandlerMethod handler = prepare("messageAndHeaders", -1);
		assertThat(handler.messaging()).isTrue();
		ZmqInboundMessage message = message("news", "hello");
		assertThat(invoke(handler, message)).isEqualTo("hello news [zmq_topic] same view");
		assertThat(message.view).as("dropped after the call").isNull();
		assertThat(prepare("payloadAnnotated", -1).messaging()).isTrue();
		assertThat(invoke(prepare("payloadAnnotated", -1), message("news", "hi"))).isEqualTo("hi");
	}

	@Test
	void anApplicationResolverClaimsItsType() throws Exception {
		ZmqHandlerMethod handler = prepare("tenant", -1);
		assertThat(handler.messaging()).isTrue();
		assertThat(invoke(handler, message("acme/orders", "x"))).isEqualTo("acme:x");
	}

	@Test
	void aSecondPayloadFailsAtStartup() {
		assertThatExceptionOfType(ZmqListenerMethodException.class).isThrownBy(() -> prepare("twoPayloads", -1))
			.withMessageContaining("parameter 2")
			.withMessageContaining("the payload already goes to another parameter");
	}

	private Object invoke(ZmqHandlerMethod handler, ZmqInboundMessage message) throws Exception {
		try {
			return handler.invoke(message);
		}
		catch (Exception | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ZmqHandlerMethod prepare(String name, int topicParameter) {
		Method method = null;
		for (Method candidate : Target.class.getDeclaredMethods()) {
			if (candidate.getName().equals(name)) {
				method = candidate;
			}
		}
		return new ZmqHandlerMethod(this.target, method, "target." + name, "@ZmqSubscriber",
				ZmqMessageConverters.defaults(), true, topicParameter, this.arguments, SUBSCRIBER);
	}

	private static ZmqInboundMessage message(String topic, String payload) {
		ZmqInboundMessage message = new ZmqInboundMessage();
		message.reset();
		message.add(topic.getBytes(StandardCharsets.UTF_8));
		message.add(payload.getBytes(StandardCharsets.UTF_8));
		ZmqEnvelope.topics(List.of(topic)).split(message);
		return message;
	}

	record Tenant(String name) {
	}

	static class TenantResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == Tenant.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Message<?> message) {
			String topic = (String) message.getHeaders().get(ZmqHeaders.TOPIC);
			return new Tenant(topic.substring(0, topic.indexOf('/')));
		}

	}

	static class Target {

		private Message<?> seen;

		String payload(String text) {
			return text;
		}

		String bytes(byte[] body) {
			return new String(body, StandardCharsets.UTF_8);
		}

		String topicAndWhole(String topic, ZMsg whole) {
			return topic + " " + whole.size();
		}

		String messageAndHeaders(Message<String> message, @Header(ZmqHeaders.TOPIC) String topic,
				@Headers Map<String, Object> headers) {
			// the Message<String> is a converted copy sharing the view's headers
			boolean same = headers == message.getHeaders();
			return message.getPayload() + " " + topic + " " + headers.keySet() + (same ? " same view" : " copies");
		}

		String payloadAnnotated(@Payload String text) {
			return text;
		}

		String tenant(Tenant tenant, String body) {
			return tenant.name() + ":" + body;
		}

		String twoPayloads(String one, @Payload String two) {
			return one + two;
		}

	}

}
