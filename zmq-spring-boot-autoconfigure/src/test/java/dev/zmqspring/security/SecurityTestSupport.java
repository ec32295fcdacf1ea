package dev.zmqspring.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

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

	/** A free TCP port on the loopback interface. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A base port whose next two ports are free too: the Clone port convention. */
	static int freePorts() {
		for (int attempt = 0; attempt < 50; attempt++) {
			int port = freePort();
			if (port > 65530) {
				continue;
			}
			try (ServerSocket second = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress());
					ServerSocket third = new ServerSocket(port + 2, 1, InetAddress.getLoopbackAddress())) {
				return port;
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new IllegalStateException("no three consecutive free ports");
	}

}
