package dev.zmqspring.core;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.zeromq.ZFrame;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZmqMessageConvertersTests {

	private final ZmqMessageConverters converters = new ZmqMessageConverters(
			java.util.List.of(new ByteArrayZmqMessageConverter(), new StringZmqMessageConverter(),
					new ZFrameZmqMessageConverter(), new JacksonZmqMessageConverter(JsonMapper.builder().build())));

	@Test
	void stringsAreUtf8WithoutTerminatingNul() {
		byte[] frame = this.converters.toFrame("Grüße");
		assertThat(frame).containsExactly("Grüße".getBytes(StandardCharsets.UTF_8));
		assertThat(frame[frame.length - 1]).isNotZero();
	}

	@Test
	void aTrailingNulFromACPeerIsStripped() {
		byte[] fromC = "World\0".getBytes(StandardCharsets.US_ASCII);
		assertThat(this.converters.fromFrame(fromC, String.class)).isEqualTo("World");
	}

	@Test
	void bytesAndFramesPassThrough() {
		byte[] bytes = { 1, 2, 3 };
		assertThat(this.converters.toFrame(bytes)).isSameAs(bytes);
		assertThat(this.converters.fromFrame(bytes, byte[].class)).isSameAs(bytes);
		assertThat(this.converters.toFrame(new ZFrame(bytes))).containsExactly(1, 2, 3);
		assertThat(this.converters.fromFrame(bytes, ZFrame.class).getData()).containsExactly(1, 2, 3);
	}

	@Test
	void otherTypesAreJson() {
		byte[] json = this.converters.toFrame(new Update("10001", 21.5));
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"zip\":\"10001\",\"temperature\":21.5}");
		assertThat(this.converters.fromFrame(json, Update.class)).isEqualTo(new Update("10001", 21.5));
	}

	@Test
	void badJsonFailsNamingTheTargetType() {
		assertThatExceptionOfType(ZmqMessageConversionException.class)
			.isThrownBy(() -> this.converters.fromFrame("not json".getBytes(StandardCharsets.UTF_8), Update.class))
			.withMessageContaining(Update.class.getName().replace('$', '.').substring(0, 20));
	}

	@Test
	void nullPayloadIsRejected() {
		assertThatExceptionOfType(ZmqMessageConversionException.class).isThrownBy(() -> this.converters.toFrame(null));
	}

	record Update(String zip, double temperature) {
	}

}
