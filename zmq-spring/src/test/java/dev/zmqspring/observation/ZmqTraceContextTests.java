package dev.zmqspring.observation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace-context frame: its exact bytes, and what a malformed one gives. */
class ZmqTraceContextTests {

	@Test
	void aContextIsTheMagicThenOneLinePerEntry() {
		ZmqTraceContext context = new ZmqTraceContext();
		context.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		context.put("tracestate", "a=b");
		byte[] frame = context.toFrame();
		assertThat(Arrays.copyOf(frame, 5)).containsExactly(0, 'Z', 'T', 'C', 1);
		assertThat(new String(frame, 5, frame.length - 5, StandardCharsets.UTF_8))
			.isEqualTo("traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\ntracestate=a=b\n");
		assertThat(ZmqTraceContext.isTraceFrame(frame)).isTrue();
		ZmqTraceContext read = ZmqTraceContext.fromFrame(frame);
		assertThat(read.entries()).isEqualTo(context.entries());
		assertThat(read.get("tracestate")).isEqualTo("a=b");
	}

	@Test
	void framesWithoutTheMagicAreNotTraceFrames() {
		assertThat(ZmqTraceContext.isTraceFrame(new byte[0])).isFalse();
		assertThat(ZmqTraceContext.isTraceFrame("traceparent=00-x".getBytes(StandardCharsets.UTF_8))).isFalse();
		assertThat(ZmqTraceContext.isTraceFrame(new byte[] { 0, 'Z', 'T', 'C' })).isFalse();
		assertThat(ZmqTraceContext.isTraceFrame(new byte[] { 0, 'Z', 'T', 'C', 2 })).isFalse();
	}

	@Test
	void malformedLinesAreSkippedAndNothingThrows() {
		byte[] lines = "junk\n=novalue\ntraceparent=00-abc-def-01\n\n\u00ff\u00fe".getBytes(StandardCharsets.ISO_8859_1);
		byte[] frame = new byte[5 + lines.length];
		System.arraycopy(ZmqTraceContext.MAGIC, 0, frame, 0, 5);
		System.arraycopy(lines, 0, frame, 5, lines.length);
		assertThat(ZmqTraceContext.fromFrame(frame).entries()).containsOnlyKeys("traceparent");
		assertThat(ZmqTraceContext.fromFrame(ZmqTraceContext.MAGIC).isEmpty()).isTrue();
	}

	@Test
	void anOversizedFrameOrTooManyEntriesAreBounded() {
		byte[] big = Arrays.copyOf(ZmqTraceContext.MAGIC, ZmqTraceContext.MAX_FRAME_SIZE + 1);
		assertThat(ZmqTraceContext.fromFrame(big).isEmpty()).isTrue();
		StringBuilder many = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			many.append("k").append(i).append("=v\n");
		}
		ZmqTraceContext context = new ZmqTraceContext();
		many.toString().lines().forEach((line) -> context.put(line.substring(0, line.indexOf('=')), "v"));
		assertThat(ZmqTraceContext.fromFrame(context.toFrame()).entries()).hasSize(ZmqTraceContext.MAX_ENTRIES);
	}

	@Test
	void namesAndValuesThatCannotBeALineAreNotCarried() {
		ZmqTraceContext context = new ZmqTraceContext();
		context.put("a=b", "x");
		context.put("ok", "line\nbreak");
		context.put("", "x");
		assertThat(context.isEmpty()).isTrue();
	}

}
