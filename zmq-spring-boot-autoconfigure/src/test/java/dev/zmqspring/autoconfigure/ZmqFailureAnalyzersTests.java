package dev.zmqspring.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.annotation.ZmqSubscriber;
import dev.zmqspring.annotation.ZmqWorker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Each failure analyzer on a real startup failure: the description names the key or the method,
 * the action says what to do; and Boot finds them through {@code META-INF/spring.factories}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ZmqFailureAnalyzersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class,
				ZmqProxyAutoConfiguration.class, ZmqBrokerAutoConfiguration.class, ZmqMajordomoAutoConfiguration.class));

	@Test
	void anAddressInUseNamesThePropertyAndTheAddress() throws IOException {
		try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			String taken = "tcp://127.0.0.1:" + squatter.getLocalPort();
			this.runner
				.withPropertyValues("zmq.proxies.p.type=streamer", "zmq.proxies.p.frontend=" + taken,
						"zmq.proxies.p.backend=tcp://127.0.0.1:*")
				.run((context) -> {
					FailureAnalysis analysis = new ZmqAddressInUseFailureAnalyzer().analyze(context.getStartupFailure());
					assertThat(analysis).isNotNull();
					assertThat(analysis.getDescription()).contains("could not bind " + taken)
						.contains("property zmq.proxies.p.frontend")
						.contains("already in use");
					assertThat(analysis.getAction()).contains("change the property zmq.proxies.p.frontend")
						.contains("Stop whatever holds " + taken);
				});
		}
	}

	@Test
	void anAddressInUseByAListenerNamesTheMethod() throws IOException {
		try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.runner.withBean("boundWorker", BoundWorker.class)
				.withPropertyValues("taken=tcp://127.0.0.1:" + squatter.getLocalPort())
				.run((context) -> {
					FailureAnalysis analysis = new ZmqAddressInUseFailureAnalyzer().analyze(context.getStartupFailure());
					assertThat(analysis).isNotNull();
					assertThat(analysis.getDescription()).contains("listener boundWorker.handle");
					assertThat(analysis.getAction()).contains("the endpoints of listener method boundWorker.handle");
				});
		}
	}

	@Test
	void aMalformedEndpointNamesThePropertyAndTheForm() {
		this.runner.withPropertyValues("zmq.brokers.b.type=load-balancing", "zmq.brokers.b.frontend=udp://x:1",
				"zmq.brokers.b.backend=tcp://127.0.0.1:*")
			.run((context) -> {
				FailureAnalysis analysis = new ZmqInvalidEndpointFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'@udp://x:1'").contains("zmq.brokers.b.frontend");
				assertThat(analysis.getAction()).contains("Correct the property zmq.brokers.b.frontend")
					.contains("tcp://127.0.0.1:5555");
			});
	}

	@Test
	void aMissingWorkerProtocolNamesTheMethodAndTheAutoConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class))
			.withBean("pirateWorker", PirateWorker.class)
			.run((context) -> {
				FailureAnalysis analysis = new ZmqWorkerProtocolFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("pirateWorker.handle")
					.contains("'paranoid-pirate'")
					.contains("available: none");
				assertThat(analysis.getAction()).contains(ZmqBrokerAutoConfiguration.class.getName())
					.contains("not excluded");
				// the method analyzer leaves it to the protocol analyzer
				assertThat(new ZmqListenerMethodFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
			});
	}

	@Test
	void aMisspelledBrokerTypeListsTheValuesUsersWrite() {
		this.runner.withPropertyValues("zmq.brokers.b.type=load-balancer", "zmq.brokers.b.frontend=tcp://127.0.0.1:*",
				"zmq.brokers.b.backend=tcp://127.0.0.1:*")
			.run((context) -> {
				FailureAnalysis analysis = new ZmqEnumPropertyFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'load-balancer'")
					.contains("'zmq.brokers.b.type'")
					.contains("load-balancing, paranoid-pirate, majordomo")
					.doesNotContain("BrokerType")
					.doesNotContain("LOAD_BALANCING");
				assertThat(analysis.getAction())
					.isEqualTo("Set zmq.brokers.b.type to one of: load-balancing, paranoid-pirate, majordomo.");
			});
	}

	@Test
	void aBinaryStarRoleAloneNamesEveryMissingKeyAndWhatItIs() {
		this.runner.withPropertyValues("zmq.binary-star.role=primary").run((context) -> {
			FailureAnalysis analysis = new ZmqMissingPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).startsWith("zmq.binary-star.role=primary is set")
				.contains("- zmq.binary-star.local: where this peer's state publisher binds")
				.contains("- zmq.binary-star.remote: where the other peer's state publisher is");
			assertThat(analysis.getAction()).contains("Set zmq.binary-star.local and zmq.binary-star.remote")
				.contains("remove zmq.binary-star.role");
		});
		this.runner.withPropertyValues("zmq.binary-star.role=backup", "zmq.binary-star.local=tcp://*:5004")
			.run((context) -> {
				FailureAnalysis analysis = new ZmqMissingPropertiesFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("zmq.binary-star.remote")
					.doesNotContain("zmq.binary-star.local");
			});
	}

	@Test
	void springApplicationReportsTheKebabCaseValuesAndEveryMissingKey(CapturedOutput output) {
		SpringApplication application = new SpringApplication(EmptyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--spring.main.banner-mode=off",
				"--zmq.brokers.b.type=paranoid", "--zmq.brokers.b.frontend=tcp://127.0.0.1:*",
				"--zmq.brokers.b.backend=tcp://127.0.0.1:*"));
		String analysis = output.toString().substring(output.toString().lastIndexOf("Description:"));
		assertThat(analysis).contains("it must be one of load-balancing, paranoid-pirate, majordomo")
			.doesNotContain("ZmqProperties$BrokerType");
		assertThatException()
			.isThrownBy(() -> application.run("--spring.main.banner-mode=off", "--zmq.binary-star.role=primary"));
		assertThat(output).contains("- zmq.binary-star.local: ").contains("- zmq.binary-star.remote: ");
	}

	@Test
	void anInvalidListenerMethodNamesTheMethod() {
		this.runner.withBean("returningSubscriber", ReturningSubscriber.class).run((context) -> {
			FailureAnalysis analysis = new ZmqListenerMethodFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("returningSubscriber.handle is invalid")
				.contains("a subscriber has nowhere to send it");
			assertThat(analysis.getAction()).contains("Change returningSubscriber.handle");
		});
	}

	@Test
	void springApplicationReportsTheAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ReturningSubscriberApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--spring.main.banner-mode=off"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The ZeroMQ listener method returningSubscriber.handle is invalid")
			.contains("Change returningSubscriber.handle");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class })
	static class ReturningSubscriberApplication {

		@org.springframework.context.annotation.Bean
		ReturningSubscriber returningSubscriber() {
			return new ReturningSubscriber();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ZmqAutoConfiguration.class, ZmqBrokerAutoConfiguration.class,
			ZmqBinaryStarAutoConfiguration.class })
	static class EmptyApplication {

	}

	static class ReturningSubscriber {

		@ZmqSubscriber(endpoints = "tcp://127.0.0.1:5998")
		String handle(String in) {
			return in;
		}

	}

	static class BoundWorker {

		@ZmqWorker(endpoints = "@${taken}")
		String handle(String in) {
			return in;
		}

	}

	static class PirateWorker {

		@ZmqWorker(endpoints = "tcp://127.0.0.1:5997", protocol = "paranoid-pirate")
		String handle(String in) {
			return in;
		}

	}

}
