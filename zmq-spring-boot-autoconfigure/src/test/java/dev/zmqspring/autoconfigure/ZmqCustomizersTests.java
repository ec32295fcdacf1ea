package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.LoggingZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqListenerFailure;
import dev.zmqspring.listener.ZmqListenerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The customizer beans ({@link ZmqContextCustomizer}, {@link ZmqTemplateCustomizer},
 * {@link ZmqListenerContainerFactoryCustomizer}) take effect, in order, and a user's
 * {@link ZmqListenerErrorHandler} bean becomes the default error handler of listeners.
 */
class ZmqCustomizersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class));

	@Test
	void contextCustomizersRunInOrderAfterTheProperties() {
		this.runner.withPropertyValues("zmq.receive-hwm=10")
			.withUserConfiguration(ContextCustomizers.class)
			.run((context) -> {
				ZContext zmq = context.getBean(ZContext.class);
				ZMQ.Socket socket = zmq.createSocket(SocketType.PULL);
				try {
					// the later customizer wins over the earlier one, and both over zmq.receive-hwm
					assertThat(socket.getRcvHWM()).isEqualTo(4321);
					assertThat(socket.getSndHWM()).isEqualTo(1234);
				}
				finally {
					zmq.destroySocket(socket);
				}
				assertThat(context.getBean(ContextCustomizers.class).calls).containsExactly("first", "second");
			});
	}

	@Test
	void aContextCustomizerDoesNotTouchTheApplicationsOwnContext() {
		this.runner.withUserConfiguration(ContextCustomizers.class, OwnContext.class).run((context) -> {
			assertThat(context.getBean(ContextCustomizers.class).calls).isEmpty();
			ZContext zmq = context.getBean(ZContext.class);
			ZMQ.Socket socket = zmq.createSocket(SocketType.PULL);
			try {
				assertThat(socket.getSndHWM()).isNotEqualTo(1234);
			}
			finally {
				zmq.destroySocket(socket);
			}
		});
	}

	@Test
	void templateCustomizersReceiveTheAutoConfiguredTemplate() {
		this.runner.withUserConfiguration(TemplateCustomizer.class).run((context) -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			assertThat(context.getBean(TemplateCustomizer.class).customized).containsExactly(template);
			// what the customizer did to it is there: it bound a relay the template owns
			assertThat(context.getBean(TemplateCustomizer.class).bound).hasSize(1);
		});
	}

	@Test
	void listenerContainerFactoryCustomizersSetTheDefaultErrorHandler() {
		this.runner.withUserConfiguration(FactoryCustomizer.class, FailingWorker.class).run((context) -> {
			assertThat(context.getBean(ZmqListenerContainerFactory.class).getDefaultErrorHandler())
				.isSameAs(context.getBean(FactoryCustomizer.class).handler);
			requestFailure(context.getBean(ZmqTemplate.class), context.getBean(ZmqListenerRegistry.class));
			assertThat(context.getBean(FactoryCustomizer.class).failures.poll(20, TimeUnit.SECONDS)).isNotNull();
		});
	}

	@Test
	void theOneErrorHandlerBeanBecomesTheDefault() {
		this.runner.withUserConfiguration(OneErrorHandler.class, FailingWorker.class).run((context) -> {
			OneErrorHandler handler = context.getBean(OneErrorHandler.class);
			assertThat(context.getBean(ZmqListenerContainerFactory.class).getDefaultErrorHandler())
				.isSameAs(context.getBean("recordingErrorHandler"));
			requestFailure(context.getBean(ZmqTemplate.class), context.getBean(ZmqListenerRegistry.class));
			ZmqListenerFailure failure = handler.failures.poll(20, TimeUnit.SECONDS);
			assertThat(failure).isNotNull();
			assertThat(failure.listenerId()).isEqualTo("failing");
		});
	}

	@Test
	void withTwoErrorHandlerBeansTheDefaultStaysTheLoggingOneAndANameStillWins() {
		this.runner.withUserConfiguration(TwoErrorHandlers.class, NamedHandlerWorker.class).run((context) -> {
			assertThat(context.getBean(ZmqListenerContainerFactory.class).getDefaultErrorHandler())
				.isInstanceOf(LoggingZmqListenerErrorHandler.class);
			TwoErrorHandlers handlers = context.getBean(TwoErrorHandlers.class);
			requestFailure(context.getBean(ZmqTemplate.class), context.getBean(ZmqListenerRegistry.class));
			assertThat(handlers.second.poll(20, TimeUnit.SECONDS)).isNotNull();
			assertThat(handlers.first).isEmpty();
		});
	}

	@Test
	void anActorThreadFactoryBeanMakesTheThreadOfEveryActor() {
		this.runner.withUserConfiguration(ActorThreads.class).run((context) -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.bind("tcp://127.0.0.1:*", org.zeromq.SocketType.PUB); // a bound socket runs on an actor
			ActorThreads threads = context.getBean(ActorThreads.class);
			assertThat(threads.made).hasSize(1);
			Thread actor = threads.made.get(0);
			assertThat(actor.getName()).startsWith("zmq-");
			assertThat(actor.isDaemon()).as("the factory's choice, not the default").isTrue();
			assertThat(actor.isAlive()).isTrue();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ActorThreads {

		final List<Thread> made = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Bean
		dev.zmqspring.actor.ZmqActorThreadFactory daemonActorThreads() {
			return (body) -> {
				Thread thread = new Thread(body);
				thread.setDaemon(true);
				this.made.add(thread);
				return thread;
			};
		}

	}

	private static void requestFailure(ZmqTemplate template, ZmqListenerRegistry registry) {
		String endpoint = registry.getEndpoints("failing").get(0);
		assertThatExceptionOfType(ZmqRemoteException.class)
			.isThrownBy(() -> template.request(endpoint, "boom", String.class, Duration.ofSeconds(10), 0));
	}

	@Configuration(proxyBeanMethods = false)
	static class ContextCustomizers {

		final List<String> calls = new ArrayList<>();

		@Bean
		@Order(2)
		ZmqContextCustomizer second() {
			return (context) -> {
				this.calls.add("second");
				context.setRcvHWM(4321);
			};
		}

		@Bean
		@Order(1)
		ZmqContextCustomizer first() {
			return (context) -> {
				this.calls.add("first");
				context.setRcvHWM(1);
				context.setSndHWM(1234);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnContext {

		@Bean(destroyMethod = "close")
		ZContext myContext() {
			return new ZContext();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TemplateCustomizer {

		final List<ZmqTemplate> customized = new ArrayList<>();

		final List<String> bound = new ArrayList<>();

		@Bean
		ZmqTemplateCustomizer bindRelay() {
			return (template) -> {
				this.customized.add(template);
				this.bound.addAll(template.bind("@tcp://127.0.0.1:*", SocketType.PUB));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FactoryCustomizer {

		final BlockingQueue<ZmqListenerFailure> failures = new LinkedBlockingQueue<>();

		final ZmqListenerErrorHandler handler = this.failures::add;

		@Bean
		ZmqListenerContainerFactoryCustomizer errorHandlerCustomizer() {
			return (factory) -> factory.setDefaultErrorHandler(this.handler);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OneErrorHandler {

		final BlockingQueue<ZmqListenerFailure> failures = new LinkedBlockingQueue<>();

		@Bean
		ZmqListenerErrorHandler recordingErrorHandler() {
			return this.failures::add;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoErrorHandlers {

		final BlockingQueue<ZmqListenerFailure> first = new LinkedBlockingQueue<>();

		final BlockingQueue<ZmqListenerFailure> second = new LinkedBlockingQueue<>();

		@Bean
		ZmqListenerErrorHandler firstHandler() {
			return this.first::add;
		}

		@Bean
		ZmqListenerErrorHandler secondHandler() {
			return this.second::add;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingWorker {

		@ZmqWorker(id = "failing", endpoints = "tcp://127.0.0.1:*")
		String handle(String in) {
			throw new IllegalArgumentException("no " + in + " please");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NamedHandlerWorker {

		@ZmqWorker(id = "failing", endpoints = "tcp://127.0.0.1:*", errorHandler = "secondHandler")
		String handle(String in) {
			throw new IllegalArgumentException("no " + in + " please");
		}

	}

}
