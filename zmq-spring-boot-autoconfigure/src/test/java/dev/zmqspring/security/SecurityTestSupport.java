package dev.zmqspring.security;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** What the security tests share: free loopback ports and the startup-failure check. */
final class SecurityTestSupport {

	private SecurityTestSupport() {
	}

	/** Asserts that the context fails to start with {@code expected} in one of its failure messages. */
	static void failsNaming(ApplicationContextRunner runner, String expected, String... properties) {
		runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			StringBuilder messages = new StringBuilder();
			for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
				messages.append(t.getMessage()).append('\n');
			}
			assertThat(messages.toString()).contains(expected);
		});
	}

}
