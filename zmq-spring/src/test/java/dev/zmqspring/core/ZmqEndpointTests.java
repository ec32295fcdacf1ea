package dev.zmqspring.core;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zeromq.SocketType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.zmqspring.support.InvalidEndpointException;
import dev.zmqspring.support.ZmqEndpoint;

class ZmqEndpointTests {

	@ParameterizedTest
	@CsvSource({ "PUB,true", "XPUB,true", "REP,true", "ROUTER,true", "PULL,true", "SUB,false", "XSUB,false",
			"REQ,false", "DEALER,false", "PUSH,false", "PAIR,false" })
	void unprefixedEndpointsTakeTheSocketTypesNaturalSide(SocketType type, boolean bind) {
		assertThat(ZmqEndpoint.parse("tcp://127.0.0.1:5556", type, null).bind()).isEqualTo(bind);
	}

	@Test
	void prefixesOverrideTheNaturalSide() {
		assertThat(ZmqEndpoint.parse("@tcp://*:5556", SocketType.SUB, null)).isEqualTo(new ZmqEndpoint("tcp://*:5556", true));
		assertThat(ZmqEndpoint.parse(">tcp://localhost:5556", SocketType.PUB, null))
			.isEqualTo(new ZmqEndpoint("tcp://localhost:5556", false));
	}

	@Test
	void listsAreCommaSeparatedOrArrays() {
		List<ZmqEndpoint> endpoints = ZmqEndpoint.parseAll(">tcp://a:1, >tcp://b:1", SocketType.SUB, null);
		assertThat(endpoints).extracting(ZmqEndpoint::address).containsExactly("tcp://a:1", "tcp://b:1");
		assertThat(ZmqEndpoint.parseAll(new String[] { "tcp://a:1,tcp://b:2", "inproc://c" }, SocketType.SUB, null))
			.hasSize(3);
	}

	@Test
	void ephemeralPortsAreRecognised() {
		assertThat(ZmqEndpoint.parse("tcp://127.0.0.1:*", SocketType.PUB, null).isEphemeral()).isTrue();
		assertThat(ZmqEndpoint.parse("tcp://127.0.0.1:0", SocketType.PUB, null).isEphemeral()).isTrue();
		assertThat(ZmqEndpoint.parse("tcp://127.0.0.1:1", SocketType.PUB, null).isEphemeral()).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "foo://bar:1|unknown transport 'foo'", "tcp://host|missing port",
			"tcp://host:|missing port", "tcp://:5|missing host", "tcp://h:99999|out of range",
			"tcp://h:abc|bad port 'abc'", "tcp://bad host:1|bad host", "pgm://eth0;239.192.1.1:5555|not supported by JeroMQ",
			"localhost:5555|expected <transport>://<address>", "inproc://|missing inproc name",
			">tcp://*:5555|cannot connect to host '*'", ">tcp://127.0.0.1:*|can only be bound" })
	void malformedEndpointsFailNamingValueAndSource(String text, String reason) {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> ZmqEndpoint.parse(text, SocketType.SUB, "zmq.proxies.weather.frontend"))
			.withMessageContaining("'" + text + "'")
			.withMessageContaining("zmq.proxies.weather.frontend")
			.withMessageContaining(reason);
	}

	@Test
	void emptyListFails() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> ZmqEndpoint.parseAll(" ", SocketType.SUB, "WeatherClient.onUpdate"))
			.withMessageContaining("WeatherClient.onUpdate");
	}

}
