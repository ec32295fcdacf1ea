package dev.zmqspring.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests of {@link ZmqAddressList}: the ZAP allow/deny address lists (Guide ch.5 security, RFC 27).
 */
class ZmqAddressListTests {

	private static final String KEY = "zmq.security.profiles.p.allow";

	@Test
	void exactIpv4() {
		ZmqAddressList list = ZmqAddressList.of(List.of("10.1.2.3"), KEY);
		assertThat(list.contains("10.1.2.3")).isTrue();
		assertThat(list.contains("10.1.2.4")).isFalse();
	}

	@Test
	void exactIpv6() {
		ZmqAddressList list = ZmqAddressList.of(List.of("::1"), KEY);
		assertThat(list.contains("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(list.contains("[::1]")).isTrue();
		assertThat(list.contains("::2")).isFalse();
		assertThat(list.contains("127.0.0.1")).isFalse();
	}

	@Test
	void cidrBlocks() {
		ZmqAddressList eight = ZmqAddressList.of(List.of("10.0.0.0/8"), KEY);
		assertThat(eight.contains("10.200.3.4")).isTrue();
		assertThat(eight.contains("11.0.0.1")).isFalse();
		ZmqAddressList twentyFour = ZmqAddressList.of(List.of("192.168.7.0/24"), KEY);
		assertThat(twentyFour.contains("192.168.7.255")).isTrue();
		assertThat(twentyFour.contains("192.168.8.1")).isFalse();
		ZmqAddressList all = ZmqAddressList.of(List.of("0.0.0.0/0"), KEY);
		assertThat(all.contains("203.0.113.9")).isTrue();
		assertThat(all.contains("::1")).isFalse();
	}

	@Test
	void hostNameRejectedNamingProperty() {
		assertThatThrownBy(() -> ZmqAddressList.of(List.of("localhost"), KEY))
			.isInstanceOf(ZmqSecurityException.class)
			.hasMessageContaining(KEY)
			.hasMessageContaining("'localhost' is not an IP address or CIDR block");
	}

	@Test
	void badPrefixRejected() {
		assertThatThrownBy(() -> ZmqAddressList.of(List.of("10.0.0.0/33"), KEY))
			.isInstanceOf(ZmqSecurityException.class)
			.hasMessageContaining(KEY)
			.hasMessageContaining("invalid prefix length");
		assertThatThrownBy(() -> ZmqAddressList.of(List.of("10.0.0.0/x"), KEY))
			.isInstanceOf(ZmqSecurityException.class)
			.hasMessageContaining("invalid prefix length");
	}

	@Test
	void garbageIsNotContained() {
		ZmqAddressList all = ZmqAddressList.of(List.of("0.0.0.0/0", "::/0"), KEY);
		assertThat(all.contains("not an address")).isFalse();
		assertThat(all.contains("")).isFalse();
		assertThat(all.contains("evil.example.com")).isFalse();
	}

}
