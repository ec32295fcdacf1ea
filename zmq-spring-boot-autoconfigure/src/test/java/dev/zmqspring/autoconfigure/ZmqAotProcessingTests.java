package dev.zmqspring.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.core.env.MapPropertySource;
import org.springframework.javapoet.ClassName;

import dev.zmqspring.annotation.ZmqWorker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's AOT processing (what {@code spring-boot:process-aot} runs) over the auto-configuration and
 * an application with a JSON listener: it succeeds, and the hints it contributes cover the listener
 * method, its payload and reply types, and the binding of {@code zmq.*} properties; the failure
 * analyzers of {@code META-INF/spring.factories} get theirs from Spring Framework. The samples run the
 * generated code in AOT mode (decision 0044); these tests show what the hints are.
 */
class ZmqAotProcessingTests {

	private final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	@Test
	void theAutoConfigurationIsProcessedAheadOfTimeWithHintsForListenersAndProperties() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test",
				Map.of("zmq.linger", "1s", "orders.endpoint", "tcp://127.0.0.1:*")));
		context.register(Application.class);
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(Application.class)), new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		RuntimeHints hints = generation.getRuntimeHints();
		assertThat(hints).matches(this.reflection.onMethodInvocation(Orders.class, "order"))
			.matches(this.reflection.onMethodInvocation(Order.class, "item"))
			.matches(this.reflection.onMethodInvocation(Receipt.class, "number"))
			// zmq.* is bound to ZmqProperties at run time: its setters must be there
			.matches(this.reflection.onMethodInvocation(ZmqProperties.class, "setLinger"));
	}

	@Test
	void theFailureAnalyzersListedInSpringFactoriesStayInstantiable() {
		RuntimeHints hints = new RuntimeHints();
		// every registrar of META-INF/spring/aot.factories, as AOT processing applies them
		for (RuntimeHintsRegistrar registrar : AotServices.factories(getClass().getClassLoader()).load(RuntimeHintsRegistrar.class)) {
			registrar.registerHints(hints, getClass().getClassLoader());
		}
		for (Class<?> analyzer : List.of(ZmqSecretPropertyFailureAnalyzer.class, ZmqEnumPropertyFailureAnalyzer.class,
				ZmqMissingPropertiesFailureAnalyzer.class, ZmqAddressInUseFailureAnalyzer.class,
				ZmqInvalidEndpointFailureAnalyzer.class, ZmqWorkerProtocolFailureAnalyzer.class,
				ZmqListenerMethodFailureAnalyzer.class)) {
			assertThat(hints).as(analyzer.getSimpleName())
				.matches(this.reflection.onConstructorInvocation(analyzer.getDeclaredConstructors()[0]));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, JacksonAutoConfiguration.class,
			ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class })
	static class Application {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	record Order(String item, int quantity) {
	}

	record Receipt(long number) {
	}

	static class Orders {

		@ZmqWorker(endpoints = "${orders.endpoint}")
		Receipt order(Order order) {
			return new Receipt(1);
		}

	}

}
