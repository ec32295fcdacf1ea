package dev.zmqspring.security;

import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests of {@link ZmqCurveKeys}: Z85 validation names the source and the problem (Guide ch.5 security, RFC 32).
 */
class ZmqCurveKeysTests {

	@Test
	void validKeyRoundTrips() {
		ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
		byte[] decoded = ZmqCurveKeys.decode(pair.publicKey, "test.key");
		assertThat(decoded).hasSize(32);
		assertThat(ZmqCurveKeys.encode(decoded)).isEqualTo(pair.publicKey);
		assertThat(ZmqCurveKeys.isValid(pair.publicKey)).isTrue();
	}

	@Test
	void wrongLengthNamesSourceAndLength() {
		assertThatThrownBy(() -> ZmqCurveKeys.decode("abc", "zmq.security.profiles.x.server-public-key"))
			.isInstanceOf(ZmqSecurityException.class)
			.hasMessageContaining("zmq.security.profiles.x.server-public-key")
			.hasMessageContaining("40 characters, not 3");
		assertThat(ZmqCurveKeys.isValid("abc")).isFalse();
	}

	@Test
	void badCharacterNamesSourceAndPosition() {
		String key = ZMQ.Curve.generateKeyPair().publicKey;
		String bad = key.substring(0, 7) + "~" + key.substring(8);
		assertThatThrownBy(() -> ZmqCurveKeys.decode(bad, "my-source"))
			.isInstanceOf(ZmqSecurityException.class)
			.hasMessageContaining("my-source")
			.hasMessageContaining("'~' at position 8 is not a Z85 character");
		assertThat(ZmqCurveKeys.isValid(bad)).isFalse();
	}

	@Test
	void overflowingGroupNamesSourceAndGroup() {
		String key = ZMQ.Curve.generateKeyPair().publicKey;
		String overflow = key.substring(0, 5) + "#####" + key.substring(10);
		assertThatThrownBy(() -> ZmqCurveKeys.decode(overflow, "cert.key"))
			.isInstanceOf(ZmqSecurityException.class)
			.hasMessageContaining("cert.key")
			.hasMessageContaining("characters 6-10 are not a valid Z85 group");
	}

}
