package dev.zmqspring.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** {@link ZmqTestPorts}: the ports it names can be bound, consecutive ones too. */
class ZmqTestPortsTests {

	@Test
	void aFreePortCanBeBound() throws IOException {
		int port = ZmqTestPorts.freePort();
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			assertThat(socket.getLocalPort()).isEqualTo(port);
		}
	}

	@Test
	void threeConsecutivePortsCanAllBeBound() throws IOException {
		int base = ZmqTestPorts.freePorts(3);
		try (ServerSocket first = new ServerSocket(base, 1, InetAddress.getLoopbackAddress());
				ServerSocket second = new ServerSocket(base + 1, 1, InetAddress.getLoopbackAddress());
				ServerSocket third = new ServerSocket(base + 2, 1, InetAddress.getLoopbackAddress())) {
			assertThat(third.getLocalPort()).isEqualTo(base + 2);
		}
	}

	@Test
	void noPortsIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqTestPorts.freePorts(0)).withMessageContaining("count");
	}

}
