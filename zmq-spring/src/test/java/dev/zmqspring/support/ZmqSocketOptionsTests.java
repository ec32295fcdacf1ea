package dev.zmqspring.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The copies {@link ZmqSocketOptions} makes with one option changed, as the sockets of a
 * {@link ZmqSocketFactory} get them.
 */
class ZmqSocketOptionsTests {

	@Test
	void aHandshakeIntervalReachesTheSocketAndTheOtherOptionsStay() {
		ZmqSocketOptions options = ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO)
			.withHwm(7, 9)
			.withHandshakeInterval(Duration.ofMillis(300));
		assertThat(options.handshakeInterval()).isEqualTo(Duration.ofMillis(300));
		assertThat(options.linger()).isZero();
		assertThat(options.sendHwm()).isEqualTo(7);
		assertThat(options.receiveHwm()).isEqualTo(9);
		try (ZContext context = new ZContext()) {
			ZMQ.Socket socket = new ZmqSocketFactory(context, options).create(SocketType.DEALER);
			assertThat(socket.getHandshakeIvl()).isEqualTo(300);
			assertThat(socket.getSndHWM()).isEqualTo(7);
			assertThat(socket.getRcvHWM()).isEqualTo(9);
		}
	}

	@Test
	void noHandshakeIntervalMeansTheDefault() {
		assertThat(ZmqSocketOptions.DEFAULTS.withHandshakeInterval(null).handshakeInterval())
			.isEqualTo(ZmqSocketOptions.DEFAULT_HANDSHAKE_INTERVAL);
	}

}
