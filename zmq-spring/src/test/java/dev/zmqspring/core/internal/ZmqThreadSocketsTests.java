package dev.zmqspring.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

/**
 * Tests for {@link ZmqThreadSockets}: sockets per thread, reaping of ended threads, release.
 */
class ZmqThreadSocketsTests {

	private final ZContext context = new ZContext();

	private final ZmqSocketFactory factory = new ZmqSocketFactory(this.context,
			ZmqSocketOptions.DEFAULTS.withLinger(Duration.ZERO));

	private final ZmqThreadSockets sockets = new ZmqThreadSockets(this.factory);

	@AfterEach
	void close() {
		this.sockets.close();
		this.context.close();
	}

	private ZMQ.Socket push(String endpoint) {
		return this.factory.create(SocketType.PUSH, List.of(ZmqEndpoint.connect(endpoint)));
	}

	@Test
	void aThreadGetsItsOwnSocketBackAndOtherThreadsDoNot() throws Exception {
		ZmqThreadSockets.Entry entry = this.sockets.put(SocketType.PUSH, "inproc://a", push("inproc://a"));
		assertThat(this.sockets.get(SocketType.PUSH, "inproc://a")).isSameAs(entry);
		assertThat(this.sockets.get(SocketType.PULL, "inproc://a")).isNull();
		assertThat(this.sockets.get(SocketType.PUSH, "inproc://b")).isNull();
		AtomicReference<ZmqThreadSockets.Entry> seenByOther = new AtomicReference<>(entry);
		Thread other = new Thread(() -> seenByOther.set(this.sockets.get(SocketType.PUSH, "inproc://a")));
		other.start();
		other.join();
		assertThat(seenByOther.get()).isNull();
		assertThat(this.sockets.count()).isEqualTo(1);
	}

	@Test
	void socketsOfAnEndedThreadAreClosedWhenAnotherThreadStartsUsingThem() throws Exception {
		Thread ended = new Thread(() -> this.sockets.put(SocketType.PUSH, "inproc://x", push("inproc://x")));
		ended.start();
		ended.join();
		assertThat(this.sockets.count()).isEqualTo(1);
		assertThat(this.sockets.get(SocketType.PUSH, "inproc://x")).isNull();
		assertThat(this.sockets.count()).isZero();
	}

	@Test
	void releaseAndDiscardCloseTheCallingThreadsSockets() {
		this.sockets.put(SocketType.PUSH, "inproc://one", push("inproc://one"));
		this.sockets.put(SocketType.PUSH, "inproc://two", push("inproc://two"));
		this.sockets.discard(SocketType.PUSH, "inproc://one");
		assertThat(this.sockets.get(SocketType.PUSH, "inproc://one")).isNull();
		assertThat(this.sockets.count()).isEqualTo(1);
		this.sockets.release();
		assertThat(this.sockets.count()).isZero();
	}

	@Test
	void discardKeepsTheInterruptFlag() {
		this.sockets.put(SocketType.PUSH, "inproc://i", push("inproc://i"));
		Thread.currentThread().interrupt();
		try {
			this.sockets.discard(SocketType.PUSH, "inproc://i");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.sockets.count()).isZero();
	}

}
