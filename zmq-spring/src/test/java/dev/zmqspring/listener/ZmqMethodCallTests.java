package dev.zmqspring.listener;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ZmqMethodCall}: every arity and return shape a listener method can have is called with the
 * resolved arguments, directly bound where possible, and a method's exception arrives unwrapped.
 */
class ZmqMethodCallTests {

	private static final ZmqArgumentResolver PAYLOAD = ZmqInboundMessage::payload;

	private static final ZmqArgumentResolver TOPIC = ZmqInboundMessage::topic;

	private final Target target = new Target();

	@Test
	void callsEveryArityWithAndWithoutAResult() throws Throwable {
		ZmqInboundMessage message = message("news", "hello");
		assertThat(call("none").call(message)).isNull();
		assertThat(call("constant").call(message)).isEqualTo("constant");
		assertThat(call("one", PAYLOAD).call(message)).isNull();
		assertThat(call("echo", PAYLOAD).call(message)).isEqualTo("hello");
		assertThat(call("two", TOPIC, PAYLOAD).call(message)).isNull();
		assertThat(call("joined", TOPIC, PAYLOAD).call(message)).isEqualTo("news:hello");
		assertThat(call("three", TOPIC, PAYLOAD, PAYLOAD).call(message)).isEqualTo("news:hello:hello");
		assertThat(this.target.seen).containsExactly("none", "one hello", "two news hello");
		assertThat(call("joined", TOPIC, PAYLOAD)).as("bound, not reflective").isNotInstanceOf(ZmqMethodCall.Reflective.class);
		assertThat(call("three", TOPIC, PAYLOAD, PAYLOAD)).isInstanceOf(ZmqMethodCall.Reflective.class);
	}

	@Test
	void bindsPrivateMethodsAndPrimitiveSignatures() throws Throwable {
		ZmqInboundMessage message = message("news", "hello");
		assertThat(call("secret", PAYLOAD)).isNotInstanceOf(ZmqMethodCall.Reflective.class);
		assertThat(call("secret", PAYLOAD).call(message)).isEqualTo("secret hello");
		ZmqArgumentResolver number = (m) -> 41;
		assertThat(call("increment", number).call(message)).isEqualTo(42);
	}

	@Test
	void checkedExceptionsArriveUnwrapped() {
		ZmqInboundMessage message = message("news", "hello");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> call("fails", PAYLOAD).call(message))
			.withMessage("no hello");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> call("failsToo", TOPIC, PAYLOAD, PAYLOAD).call(message))
			.withMessage("no news");
	}

	@Test
	void methodsTheLookupCannotReachFallBackToReflection() throws Throwable {
		// java.lang is not open to this module: no private lookup, so reflection calls it
		ZmqMethodCall call = ZmqMethodCall.of("four", String.class.getMethod("length"), new ZmqArgumentResolver[0]);
		assertThat(call).isInstanceOf(ZmqMethodCall.Reflective.class);
		assertThat(call.call(message("x", "y"))).isEqualTo(4);
	}

	private ZmqMethodCall call(String name, ZmqArgumentResolver... resolvers) {
		for (Method method : Target.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				method.setAccessible(true);
				return ZmqMethodCall.of(this.target, method, resolvers);
			}
		}
		throw new IllegalArgumentException(name);
	}

	private static ZmqInboundMessage message(String topic, String payload) {
		ZmqInboundMessage message = new ZmqInboundMessage();
		message.reset();
		message.add(topic.getBytes(StandardCharsets.UTF_8));
		message.add(payload.getBytes(StandardCharsets.UTF_8));
		ZmqEnvelope.topics(List.of(topic)).split(message);
		return message;
	}

	static class Target {

		final List<String> seen = new ArrayList<>();

		public void none() {
			this.seen.add("none");
		}

		public String constant() {
			return "constant";
		}

		public void one(byte[] payload) {
			this.seen.add("one " + text(payload));
		}

		public String echo(byte[] payload) {
			return text(payload);
		}

		public void two(String topic, byte[] payload) {
			this.seen.add("two " + topic + " " + text(payload));
		}

		public String joined(String topic, byte[] payload) {
			return topic + ":" + text(payload);
		}

		public String three(String topic, byte[] payload, byte[] again) {
			return topic + ":" + text(payload) + ":" + text(again);
		}

		private String secret(byte[] payload) {
			return "secret " + text(payload);
		}

		public int increment(int value) {
			return value + 1;
		}

		public void fails(byte[] payload) throws IOException {
			throw new IOException("no " + text(payload));
		}

		public void failsToo(String topic, byte[] payload, byte[] again) throws IOException {
			throw new IOException("no " + topic);
		}

		private static String text(byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}

	}

}
