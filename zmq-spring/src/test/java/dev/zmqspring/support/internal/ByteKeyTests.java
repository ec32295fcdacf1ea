package dev.zmqspring.support.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import zmq.Msg;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ByteKey}: a reusable probe finds entries keyed by immutable copies.
 */
class ByteKeyTests {

	@Test
	void aProbeFindsTheEntryWhateverItWasSetFrom() {
		Map<ByteKey, String> map = new HashMap<>();
		map.put(ByteKey.of("echo".getBytes(StandardCharsets.US_ASCII)), "service");
		ByteKey probe = new ByteKey();
		assertThat(map.get(probe.set("echo".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("service");
		assertThat(map.get(probe.set(new Msg("echo".getBytes(StandardCharsets.US_ASCII))))).isEqualTo("service");
		assertThat(map.get(probe.set("ech".getBytes(StandardCharsets.US_ASCII)))).isNull();
		assertThat(map.get(probe.set(new byte[200]))).isNull();
	}

	@Test
	void aCopyDoesNotChangeWhenTheProbeIsReused() {
		ByteKey probe = new ByteKey().set(new byte[] { 1, 2, 3 });
		ByteKey copy = probe.copy();
		probe.set(new byte[] { 9 });
		assertThat(copy.bytes()).containsExactly(1, 2, 3);
		assertThat(copy).isNotEqualTo(probe);
	}

	@Test
	void printableIdentitiesAreTextOthersHex() {
		assertThat(ByteKey.of("worker-1".getBytes(StandardCharsets.US_ASCII))).hasToString("worker-1");
		assertThat(ByteKey.of(new byte[] { 0, (byte) 0xab, 0x10 })).hasToString("0x00ab10");
		assertThat(new ByteKey().set((byte[]) null)).hasToString("<empty>");
	}

}
