package dev.zmqspring.annotation;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.zeromq.ZMsg;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.messaging.Message;

import dev.zmqspring.clone.ZmqCloneChangedEvent;
import dev.zmqspring.clone.ZmqCloneListener;
import dev.zmqspring.clone.ZmqCloneListenerProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints Spring's AOT processing registers for listener methods: what a native image needs to find
 * and call {@code @ZmqWorker}, {@code @ZmqSubscriber} and {@code @ZmqCloneListener} methods and to bind
 * their JSON payloads.
 */
class ZmqListenerRuntimeHintsTests {

	private final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	@Test
	void listenerMethodsAreInvocableAndOtherMethodsAreNot() {
		RuntimeHints hints = hintsFor(Listeners.class);
		assertThat(hints).matches(this.reflection.onMethodInvocation(Listeners.class, "hello"))
			.matches(this.reflection.onMethodInvocation(Listeners.class, "orders"))
			.matches(this.reflection.onMethodInvocation(Listeners.class, "price"))
			.matches(this.reflection.onMethodInvocation(Listeners.class, "raw"))
			.matches(this.reflection.onMethodInvocation(Listeners.class, "changed"))
			.matches(this.reflection.onMethodInvocation(Listeners.class, "bundle"));
		assertThat(this.reflection.onMethodInvocation(Listeners.class, "helper")).rejects(hints);
	}

	@Test
	void payloadAndReplyTypesAreBoundForJson() {
		RuntimeHints hints = hintsFor(Listeners.class);
		// a payload parameter (a record: accessors and constructor)
		assertThat(hints).matches(this.reflection.onMethodInvocation(Order.class, "item"))
			.matches(this.reflection.onConstructorInvocation(Order.class.getDeclaredConstructors()[0]))
			// the value of a CompletionStage reply, and a bean's getter
			.matches(this.reflection.onMethodInvocation(Receipt.class, "getNumber"))
			// a type argument of a payload parameter
			.matches(this.reflection.onMethodInvocation(Line.class, "sku"))
			// a subscriber's payload next to its @ZmqTopic
			.matches(this.reflection.onMethodInvocation(Price.class, "value"));
	}

	@Test
	void jeromqAndSpringTypesGetNoBindingHintsButTheirTypeArgumentsDo() {
		RuntimeHints hints = hintsFor(Listeners.class);
		assertThat(this.reflection.onType(ZMsg.class)).rejects(hints);
		assertThat(this.reflection.onType(Message.class)).rejects(hints);
		assertThat(hints).matches(this.reflection.onMethodInvocation(Listeners.class, "shipment"))
			.matches(this.reflection.onMethodInvocation(Shipment.class, "destination"));
	}

	@Test
	void aotProcessingOfAnApplicationContextRegistersTheHintsOfItsListenerBeans() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBean(ZmqListenerAnnotationBeanPostProcessor.class);
		context.registerBean(ZmqCloneListenerProcessor.class);
		context.registerBean("listeners", Listeners.class);
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(ZmqListenerRuntimeHintsTests.class)), new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		RuntimeHints hints = generation.getRuntimeHints();
		assertThat(hints).matches(this.reflection.onMethodInvocation(Listeners.class, "hello"))
			.matches(this.reflection.onMethodInvocation(Listeners.class, "changed"))
			.matches(this.reflection.onMethodInvocation(Order.class, "item"));
	}

	private static RuntimeHints hintsFor(Class<?> type) {
		RuntimeHints hints = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, type);
		return hints;
	}

	record Order(String item, int quantity) {
	}

	record Line(String sku) {
	}

	record Price(double value) {
	}

	record Shipment(String destination) {
	}

	static class Receipt {

		private long number;

		public long getNumber() {
			return this.number;
		}

		public void setNumber(long number) {
			this.number = number;
		}

	}

	static class Listeners {

		@ZmqWorker(endpoints = "tcp://127.0.0.1:*")
		String hello(String request) {
			return "World";
		}

		@ZmqWorker(endpoints = "tcp://127.0.0.1:*")
		CompletableFuture<Receipt> orders(Order order) {
			return CompletableFuture.completedFuture(new Receipt());
		}

		@ZmqWorker(type = org.zeromq.SocketType.PULL, endpoints = "tcp://127.0.0.1:*")
		void bundle(List<Line> lines) {
		}

		@ZmqSubscriber(endpoints = "tcp://127.0.0.1:5556", topics = "PRICE.")
		void price(Price price, @ZmqTopic String topic) {
		}

		@ZmqSubscriber(endpoints = "tcp://127.0.0.1:5556")
		void raw(ZMsg message) {
		}

		@ZmqWorker(type = org.zeromq.SocketType.PULL, endpoints = "tcp://127.0.0.1:*")
		void shipment(Message<Shipment> message) {
		}

		@ZmqCloneListener
		void changed(ZmqCloneChangedEvent event) {
		}

		String helper(String text) {
			return text;
		}

	}

}
