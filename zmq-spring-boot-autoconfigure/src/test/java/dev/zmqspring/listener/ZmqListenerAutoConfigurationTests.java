package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.annotation.ZmqListenerAnnotationBeanPostProcessor;
import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.annotation.ZmqWorker;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.core.ZmqErrorReply;
import dev.zmqspring.support.ZmqSocketFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener auto-configuration and every startup failure the issue lists: each names the bean
 * and the method.
 */
class ZmqListenerAutoConfigurationTests {

	private final ApplicationContextRunner runner = ZmqListenerTestConfiguration.runner();

	@Test
	void providesThePostProcessorRegistryAndFactory() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ZmqListenerAnnotationBeanPostProcessor.class)
			.hasSingleBean(ZmqListenerRegistry.class)
			.hasSingleBean(ZmqListenerContainerFactory.class)
			.hasBean("zmqListenerRegistry"));
	}

	@Test
	void backsOffFromAUserRegistry() {
		this.runner.withUserConfiguration(UserRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(ZmqListenerRegistry.class).hasBean("myRegistry"));
	}

	@Test
	void duplicateIdsFail() {
		this.runner.withUserConfiguration(DuplicateIds.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("Duplicate ZeroMQ listener id 'same'")
			.contains("DuplicateIds.one")
			.contains("DuplicateIds.two")));
	}

	@Test
	void unsupportedParametersFail() {
		this.runner.withUserConfiguration(TwoPayloads.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("@ZmqWorker method")
			.contains("TwoPayloads.handle")
			.contains("parameter 2 (Integer second) cannot be supplied")));
	}

	@Test
	void topicParameterOnAWorkerFails() {
		this.runner.withUserConfiguration(TopicOnWorker.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("TopicOnWorker.handle")
			.contains("only @ZmqSubscriber methods")));
	}

	@Test
	void sendToOnARepWorkerFails() {
		this.runner.withUserConfiguration(SendToOnRep.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("SendToOnRep.handle")
			.contains("sendTo is only for PULL workers")));
	}

	@Test
	void concurrencyBelowOneFails() {
		this.runner.withUserConfiguration(ZeroConcurrency.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("ZeroConcurrency.handle")
			.contains("concurrency must be at least 1 but was 0")));
	}

	@Test
	void unresolvablePlaceholdersFail() {
		this.runner.withUserConfiguration(MissingPlaceholder.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("no.such.endpoint")
				.contains("MissingPlaceholder.handle")
				.contains("attribute 'endpoints'")));
	}

	@Test
	void malformedEndpointsFail() {
		this.runner.withUserConfiguration(MalformedEndpoint.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("MalformedEndpoint.handle")
			.contains("tcp://127.0.0.1")));
	}

	@Test
	void subscriberReturningAValueFails() {
		this.runner.withUserConfiguration(ReturningSubscriber.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("@ZmqSubscriber method")
			.contains("ReturningSubscriber.handle")
			.contains("declare it void")));
	}

	@Test
	void anAddressInUseFailsTheStartupAndStopsTheListenersAlreadyRunning() {
		this.runner.withUserConfiguration(AddressInUse.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("Could not bind");
		});
		// nothing keeps running: the first listener was stopped and its inproc address is free again
		this.runner.withUserConfiguration(AddressInUse.class)
			.withPropertyValues("second.endpoint=inproc://listener-tests-in-use-other")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void missingErrorHandlerBeanFails() {
		this.runner.withUserConfiguration(MissingErrorHandler.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("MissingErrorHandler.handle")));
	}

	@Test
	void missingWorkerProtocolFailsNamingTheAutoConfigurationThatProvidesIt() {
		this.runner.withUserConfiguration(ParanoidWorker.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("ParanoidWorker.handle")
			.contains("no ZmqWorkerProtocol bean named 'paranoid-pirate'")
			.contains("broker auto-configuration")));
		this.runner.withUserConfiguration(MajordomoWorker.class).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.satisfies((failure) -> assertThat(messages(failure)).contains("MajordomoWorker.echo")
			.contains("'majordomo'")
			.contains("zmq.majordomo.endpoint")));
	}

	@Test
	void workerProtocolBeansRunAnnotatedMethods() {
		this.runner.withUserConfiguration(EchoProtocolWorker.class)
			.withPropertyValues("zmq.majordomo.endpoint=tcp://127.0.0.1:5555")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ZmqSocketFactory factory = context.getBean(ZmqSocketFactory.class);
				ZmqListenerRegistry registry = context.getBean(ZmqListenerRegistry.class);
				EchoProtocol protocol = context.getBean(EchoProtocol.class);
				assertThat(protocol.definition.service()).isEqualTo("echo");
				// no broker attribute: the protocol itself falls back to zmq.majordomo.endpoint
				assertThat(protocol.definition.broker()).isEmpty();
				assertThat(protocol.definition.source()).endsWith("EchoProtocolWorker.echo");
				ZMQ.Socket client = factory.create(SocketType.REQ, List.of(ZmqEndpoint.connect(protocol.endpoint)));
				try {
					client.setReceiveTimeOut(20_000);
					client.send("hi");
					assertThat(client.recvStr()).isEqualTo("echo hi");
					client.send("fail");
					ZMsg error = ZMsg.recvMsg(client);
					assertThat(ZmqErrorReply.isErrorReply(error)).isTrue();
					assertThat(ZmqErrorReply.description(error)).contains("refused");
				}
				finally {
					factory.close(client);
				}
				ZmqListenerContainer container = registry.getListenerContainers().get(0);
				assertThat(container.getDetails()).containsEntry("type", "majordomo")
					.containsEntry("protocol", "majordomo")
					.containsEntry("service", "echo");
				assertThat(container.getEndpoints()).containsExactly("tcp://127.0.0.1:5555");
				assertThat(container.getCounters().getHandled()).isEqualTo(2);
				assertThat(container.getCounters().getErrors()).isEqualTo(1);
			});
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			all.append(current.getMessage()).append('\n');
		}
		return all.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistry {

		@Bean
		ZmqListenerRegistry myRegistry() {
			return new ZmqListenerRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateIds {

		@ZmqWorker(id = "same", endpoints = "tcp://127.0.0.1:*")
		String one(String in) {
			return in;
		}

		@ZmqWorker(id = "same", endpoints = "tcp://127.0.0.1:*")
		String two(String in) {
			return in;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoPayloads {

		@ZmqWorker(endpoints = "tcp://127.0.0.1:*")
		String handle(String first, Integer second) {
			return first;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TopicOnWorker {

		@ZmqWorker(endpoints = "tcp://127.0.0.1:*")
		String handle(@ZmqTopic String topic, String body) {
			return body;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SendToOnRep {

		@ZmqWorker(endpoints = "tcp://127.0.0.1:*", sendTo = "tcp://127.0.0.1:5999")
		String handle(String in) {
			return in;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ZeroConcurrency {

		@ZmqWorker(endpoints = "tcp://127.0.0.1:*", concurrency = "0")
		String handle(String in) {
			return in;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MissingPlaceholder {

		@ZmqWorker(endpoints = "${no.such.endpoint}")
		String handle(String in) {
			return in;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MalformedEndpoint {

		@ZmqWorker(endpoints = "tcp://127.0.0.1")
		String handle(String in) {
			return in;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReturningSubscriber {

		@ZmqSubscriber(endpoints = "tcp://127.0.0.1:5998")
		String handle(String in) {
			return in;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AddressInUse {

		@ZmqWorker(id = "a-first", endpoints = "inproc://listener-tests-in-use")
		String first(String in) {
			return in;
		}

		@ZmqWorker(id = "b-second", endpoints = "${second.endpoint:inproc://listener-tests-in-use}")
		String second(String in) {
			return in;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MissingErrorHandler {

		@ZmqWorker(endpoints = "tcp://127.0.0.1:*", errorHandler = "nope")
		String handle(String in) {
			return in;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ParanoidWorker {

		@ZmqWorker(endpoints = "tcp://127.0.0.1:5997", protocol = "paranoid-pirate")
		String handle(String in) {
			return in;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MajordomoWorker {

		@ZmqWorker(service = "echo")
		String echo(String in) {
			return in;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoProtocolWorker {

		@Bean
		EchoProtocol echoProtocol() {
			return new EchoProtocol();
		}

		@ZmqWorker(service = "echo")
		String echo(String in) {
			if (in.equals("fail")) {
				throw new IllegalStateException("refused");
			}
			return "echo " + in;
		}

	}

	/**
	 * A tiny stand-in for a broker worker protocol, named "majordomo": a REP socket that calls the
	 * handler per request (the real protocols live with the brokers).
	 */
	static class EchoProtocol implements ZmqWorkerProtocol {

		final String endpoint = "inproc://listener-tests-protocol";

		volatile ZmqWorkerDefinition definition;

		@Override
		public String getName() {
			return "majordomo";
		}

		@Override
		public ZmqActorBehavior createWorker(ZmqWorkerDefinition definition, ZmqRequestHandler handler) {
			this.definition = definition;
			return new ZmqActorBehavior() {
				@Override
				public void open(ZmqActorLoop loop) {
					ZMQ.Socket rep = loop.socket(SocketType.REP, List.of(ZmqEndpoint.bind(EchoProtocol.this.endpoint)));
					loop.register(rep, (socket) -> {
						ZMsg request;
						while ((request = ZMsg.recvMsg(socket, ZMQ.DONTWAIT)) != null) {
							ZMsg reply = handler.handle(request);
							reply.send(socket);
						}
					});
				}
			};
		}

	}

}
