package dev.zmqspring.autoconfigure;

import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.core.JacksonZmqMessageConverter;
import dev.zmqspring.core.ZmqMessageConversionException;
import dev.zmqspring.core.ZmqMessageConverter;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.BatchIoThreadFactory;
import dev.zmqspring.support.LinuxThreadScheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ZmqAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ZmqAutoConfiguration.class));

	@Test
	void defaultsMatchTheContract() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ZContext.class)
				.hasSingleBean(ZmqSocketFactory.class)
				.hasSingleBean(ZmqTemplate.class)
				.hasSingleBean(ZmqMessageConverters.class);
			assertThat(context.getBean(ZContext.class).getIoThreads()).isEqualTo(1);
			ZMQ.Socket socket = context.getBean(ZmqSocketFactory.class).create(SocketType.PUSH);
			try {
				assertThat(socket.getLinger()).isEqualTo(1000);
				assertThat(socket.getSndHWM()).isEqualTo(1000);
				assertThat(socket.getRcvHWM()).isEqualTo(1000);
				assertThat(socket.getMaxMsgSize()).isEqualTo(-1);
				assertThat(socket.getHandshakeIvl()).isEqualTo(2000);
			}
			finally {
				socket.close();
			}
			assertThat(context.getBean(ZmqMessageConverters.class).getConverters())
				.last()
				.isInstanceOf(JacksonZmqMessageConverter.class);
		});
	}

	@Test
	void everyPropertyIsAppliedToCreatedSockets() {
		this.runner
			.withPropertyValues("zmq.io-threads=2", "zmq.linger=250ms", "zmq.send-hwm=17", "zmq.receive-hwm=23",
					"zmq.max-message-size=64KB", "zmq.handshake-interval=750ms")
			.run((context) -> {
				assertThat(context.getBean(ZContext.class).getIoThreads()).isEqualTo(2);
				ZMQ.Socket socket = context.getBean(ZmqSocketFactory.class).create(SocketType.DEALER);
				try {
					assertThat(socket.getLinger()).isEqualTo(250);
					assertThat(socket.getSndHWM()).isEqualTo(17);
					assertThat(socket.getRcvHWM()).isEqualTo(23);
					assertThat(socket.getMaxMsgSize()).isEqualTo(64 * 1024);
					assertThat(socket.getHandshakeIvl()).isEqualTo(750);
				}
				finally {
					socket.close();
				}
			});
	}

	@Test
	void templatePropertiesAreApplied() {
		this.runner.withPropertyValues("zmq.template.request-timeout=50ms", "zmq.template.request-retries=1")
			.run((context) -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				assertThatExceptionOfType(dev.zmqspring.core.ZmqRequestTimeoutException.class)
					.isThrownBy(() -> template.request("tcp://127.0.0.1:1", "x", String.class))
					.satisfies((ex) -> {
						assertThat(ex.getAttempts()).isEqualTo(2);
						assertThat(ex.getTimeout()).isEqualTo(Duration.ofMillis(50));
						assertThat(ex.getEndpoint()).isEqualTo("tcp://127.0.0.1:1");
					});
			});
	}

	@Test
	void userContextWinsAndIsNotClosedByTheStarter() {
		ZContext own = new ZContext();
		try {
			this.runner.withBean(ZContext.class, () -> own).run((context) -> {
				assertThat(context.getBean(ZContext.class)).isSameAs(own);
				assertThat(context.getBean(ZmqSocketFactory.class).getContext()).isSameAs(own);
			});
		}
		finally {
			own.close();
		}
	}

	@Test
	void userConverterIsConsultedFirst() {
		this.runner.withUserConfiguration(UpperCaseConverterConfiguration.class).run((context) -> {
			ZmqMessageConverters converters = context.getBean(ZmqMessageConverters.class);
			assertThat(converters.getConverters().get(0)).isInstanceOf(UpperCaseStringConverter.class);
			assertThat(new String(converters.toFrame("abc"), StandardCharsets.UTF_8)).isEqualTo("ABC");
		});
	}

	@Test
	void userConvertersBeanReplacesTheChain() {
		ZmqMessageConverters own = ZmqMessageConverters.defaults();
		this.runner.withBean(ZmqMessageConverters.class, () -> own)
			.run((context) -> assertThat(context.getBean(ZmqMessageConverters.class)).isSameAs(own));
	}

	@Test
	void withoutJacksonThereIsNoJsonAndTheErrorNamesTheType() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(JacksonZmqMessageConverter.class);
				ZmqMessageConverters converters = context.getBean(ZmqMessageConverters.class);
				assertThatExceptionOfType(ZmqMessageConversionException.class)
					.isThrownBy(() -> converters.toFrame(new Weather(1, 2)))
					.withMessageContaining(Weather.class.getName());
			});
	}

	@Test
	void jsonConverterUsesBootsMapper() {
		this.runner.run((context) -> {
			ZmqMessageConverters converters = context.getBean(ZmqMessageConverters.class);
			byte[] json = converters.toFrame(new Weather(10001, 23));
			assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"zip\":10001");
			assertThat(converters.fromFrame(json, Weather.class)).isEqualTo(new Weather(10001, 23));
		});
	}

	@Test
	void ioThreadsBelowOneFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.io-threads=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("zmq.io-threads")
				.hasMessageContaining("must be at least 1"));
	}

	@Test
	void ioThreadSchedulingIsLeftAloneByDefault() {
		this.runner.run((context) -> assertThat(context.getBean(ZContext.class).getContext().getThreadFactory())
			.isNotInstanceOf(BatchIoThreadFactory.class));
	}

	@Test
	void batchIoThreadSchedulingMakesTheContextsIoThreadsSchedBatch() {
		assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "Linux scheduling policies need /proc");
		this.runner.withPropertyValues("zmq.io-thread-scheduling=batch").run((context) -> {
			ZContext zcontext = context.getBean(ZContext.class);
			assertThat(zcontext.getContext().getThreadFactory()).isInstanceOf(BatchIoThreadFactory.class);
			BatchIoThreadFactory factory = (BatchIoThreadFactory) zcontext.getContext().getThreadFactory();
			context.getBean(ZmqSocketFactory.class).create(SocketType.PUSH).close(); // starts the I/O thread
			await().atMost(Duration.ofSeconds(10)).until(() -> !factory.getResults().isEmpty());
			assertThat(factory.getResults()).singleElement().satisfies((result) -> {
				assertThat(result.applied()).as(result.detail()).isTrue();
				assertThat(LinuxThreadScheduling.policyOf(result.threadId())).isEqualTo(LinuxThreadScheduling.SCHED_BATCH);
			});
		});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void batchIoThreadSchedulingWarnsThatItCannotReachTheApplicationsOwnContext(CapturedOutput output) {
		ZContext own = new ZContext();
		try {
			this.runner.withBean(ZContext.class, () -> own)
				.withPropertyValues("zmq.io-thread-scheduling=batch")
				.run((context) -> assertThat(context).hasNotFailed());
			assertThat(output).contains("zmq.io-thread-scheduling=batch has no effect on the application's own ZContext");
			assertThat(own.getContext().getThreadFactory()).isNotInstanceOf(BatchIoThreadFactory.class);
		}
		finally {
			own.close();
		}
	}

	@Test
	void unknownIoThreadSchedulingFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.io-thread-scheduling=fastest")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("zmq.io-thread-scheduling"));
	}

	@Test
	void negativeHighWaterMarkFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.send-hwm=-1")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("zmq.send-hwm"));
		this.runner.withPropertyValues("zmq.receive-hwm=-5")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("zmq.receive-hwm"));
	}

	@Test
	void badTemplateSettingsFailNamingTheProperty() {
		this.runner.withPropertyValues("zmq.template.request-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("zmq.template.request-timeout"));
		this.runner.withPropertyValues("zmq.template.request-retries=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("zmq.template.request-retries"));
	}

	@Test
	void negativeHandshakeIntervalFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.handshake-interval=-1s")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("zmq.handshake-interval"));
	}

	@Test
	void badMaxMessageSizeFailsNamingTheProperty() {
		this.runner.withPropertyValues("zmq.max-message-size=-2B")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("zmq.max-message-size"));
	}

	record Weather(int zip, int temperature) {
	}

	static class UpperCaseStringConverter implements ZmqMessageConverter {

		@Override
		public boolean supports(Class<?> type) {
			return type == String.class;
		}

		@Override
		public byte[] toFrame(Object payload) {
			return payload.toString().toUpperCase().getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public Object fromFrame(byte[] frame, Type targetType) {
			return new String(frame, StandardCharsets.UTF_8);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UpperCaseConverterConfiguration {

		@Bean
		UpperCaseStringConverter upperCaseStringConverter() {
			return new UpperCaseStringConverter();
		}

	}


}
