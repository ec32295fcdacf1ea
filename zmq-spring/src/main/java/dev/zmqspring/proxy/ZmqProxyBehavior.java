package dev.zmqspring.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.actor.ZmqSocketHandler;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;

import zmq.Msg;
import zmq.ZError;

/**
 * The one proxy loop for forwarder, queue and streamer (Guide ch.2 "ZeroMQ's Built-In Proxy
 * Function"), run on a {@link dev.zmqspring.actor.ZmqActor} so it can be paused, resumed and
 * stopped through the actor's mailbox instead of {@code ZMQ.proxy}'s blocking call.
 *
 * <p>Hot path: every poll event drains up to {@link #BATCH} messages; frames move as JeroMQ
 * {@link Msg}s from one socket to the other without copying or wrapping, and counters are published
 * once per batch. Like {@code zmq_proxy}, a message is only taken from its input while the output
 * accepts it: when the output is full (high-water mark, or no peer yet for DEALER/PUSH) the first
 * frame waits in a one-message slot, the input is no longer polled, and the slot is retried every
 * millisecond until the output drains &mdash; back-pressure instead of loss, and the mailbox
 * stays responsive.
 */
final class ZmqProxyBehavior implements ZmqActorBehavior {

	/** Messages moved per poll event and direction before the loop polls again. */
	static final int BATCH = 512;

	private final ZmqProxyDefinition definition;

	private final ZmqSecurity frontendSecurity;

	private final ZmqSecurity backendSecurity;

	private final ZmqCounters total;

	private final ZmqCounters frontendToBackend;

	private final ZmqCounters backendToFrontend;

	private final List<Flow> flows = new ArrayList<>(2);

	private volatile List<String> endpoints = List.of();

	private ZmqActorLoop loop;

	private boolean paused;

	private final ZmqGate gate;

	/** The last value cache (Guide ch.5), {@code null} for the stateless kinds. */
	private final LastValueCache cache;

	ZmqProxyBehavior(ZmqProxyDefinition definition, ZmqCounters total, ZmqCounters frontendToBackend,
			ZmqCounters backendToFrontend, ZmqGate gate, LastValueCache cache, ZmqSecurity frontendSecurity,
			ZmqSecurity backendSecurity) {
		this.definition = definition;
		this.frontendSecurity = frontendSecurity;
		this.backendSecurity = backendSecurity;
		this.cache = cache;
		this.gate = gate;
		this.total = total;
		this.frontendToBackend = frontendToBackend;
		this.backendToFrontend = backendToFrontend;
	}

	List<String> getEndpoints() {
		return this.endpoints;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.loop = loop;
		ZmqProxyType type = this.definition.type();
		String source = this.definition.source();
		ZmqSocketOptions options = loop.factory().getOptions();
		ZMQ.Socket frontend = loop.socket(type.frontend(), options.withSecurity(this.frontendSecurity), List.of());
		ZMQ.Socket backend = loop.socket(type.backend(), options.withSecurity(this.backendSecurity), List.of());
		if (this.cache != null) {
			backend.setXpubVerbose(true); // every subscription, not only the first per topic, gets its values
			frontend.send(new byte[] { 1 }); // the cache hears every topic, as lvcache's SUB subscribes to ""
		}
		ZMQ.Socket capture = null;
		List<String> actual = new ArrayList<>();
		actual.addAll(ZmqSocketFactory.attach(frontend, this.definition.frontend(), source + ".frontend"));
		actual.addAll(ZmqSocketFactory.attach(backend, this.definition.backend(), source + ".backend"));
		if (!this.definition.capture().isEmpty()) {
			capture = loop.socket(SocketType.PUB, List.of());
			actual.addAll(ZmqSocketFactory.attach(capture, this.definition.capture(), source + ".capture"));
		}
		this.endpoints = Collections.unmodifiableList(actual);
		Flow up = new Flow(frontend, backend, capture, this.frontendToBackend, this.gate, this.cache, false);
		this.flows.add(up);
		loop.register(frontend, up);
		if (type.isBidirectional()) {
			Flow down = new Flow(backend, frontend, capture, this.backendToFrontend, null, this.cache, true);
			this.flows.add(down);
			loop.register(backend, down);
		}
	}

	@Override
	public long nextTimerMillis() {
		if (this.paused) {
			return -1; // a pending message waits for resume; no retries while paused
		}
		for (int i = 0; i < this.flows.size(); i++) {
			if (this.flows.get(i).pending != null) {
				return System.currentTimeMillis() + 1;
			}
		}
		return -1;
	}

	@Override
	public void onTimer(long now) {
		if (this.paused) {
			return;
		}
		for (int i = 0; i < this.flows.size(); i++) {
			Flow flow = this.flows.get(i);
			if (flow.pending != null) {
				flow.retry();
			}
		}
	}

	@Override
	public void onPause() {
		this.paused = true;
	}

	@Override
	public void onResume() {
		this.paused = false;
	}

	/** One direction of the proxy: reads {@code from}, writes {@code to}, copies to {@code capture}. */
	private final class Flow implements ZmqSocketHandler {

		private final ZMQ.Socket from;

		private final ZMQ.Socket to;

		private final ZMQ.Socket capture;

		private final ZmqCounters counters;

		private final ZmqGate gate;

		private final LastValueCache cache;

		/** Whether this flow carries subscriptions (backend to frontend of a last value cache). */
		private final boolean subscriptions;

		private final List<byte[]> frames = new ArrayList<>(4);

		private Msg pending;

		private long messages;

		private long bytes;

		Flow(ZMQ.Socket from, ZMQ.Socket to, ZMQ.Socket capture, ZmqCounters counters, ZmqGate gate,
				LastValueCache cache, boolean subscriptions) {
			this.cache = cache;
			this.subscriptions = subscriptions;
			this.from = from;
			this.to = to;
			this.capture = capture;
			this.counters = counters;
			this.gate = gate;
		}

		@Override
		public void onReadable(ZMQ.Socket socket) {
			if (this.pending == null) {
				drain();
			}
		}

		private void drain() {
			try {
				for (int n = 0; n < BATCH; n++) {
					Msg msg = this.from.recvMsg(ZMQ.DONTWAIT);
					if (msg == null) {
						break;
					}
					if (this.gate != null && !this.gate.admit()) {
						refuse(msg);
						continue;
					}
					if (this.cache != null && this.subscriptions && !subscription(msg)) {
						continue;
					}
					if (!first(msg)) {
						this.pending = msg;
						ZmqProxyBehavior.this.loop.unregister(this.from);
						break;
					}
				}
			}
			finally {
				publish();
			}
		}

		void retry() {
			Msg msg = this.pending;
			if (first(msg)) {
				this.pending = null;
				publish();
				ZmqProxyBehavior.this.loop.register(this.from, this);
				drain();
			}
		}

		/** A request the gate refused (a passive Binary Star peer): read to its end, dropped, counted. */
		private void refuse(Msg first) {
			boolean more = first.hasMore();
			while (more) {
				more = this.from.recvMsg(0).hasMore(); // frames of a message arrive together: never blocks
			}
			ZmqProxyBehavior.this.total.dropped();
		}

		/**
		 * A message from a subscriber of a last value cache: a subscription ({@code 0x01} + prefix) is
		 * forwarded and answered with the cached values of its topics, an unsubscription ({@code 0x00})
		 * forwarded; anything else (several frames, another first byte) is read to its end, dropped and
		 * counted.
		 * @return whether to forward it
		 */
		private boolean subscription(Msg msg) {
			byte[] data = msg.data();
			if (msg.hasMore() || data.length == 0 || (data[0] != 0 && data[0] != 1)) {
				refuse(msg);
				this.cache.refused();
				return false;
			}
			if (data[0] == 1) {
				byte[] prefix = java.util.Arrays.copyOfRange(data, 1, data.length);
				this.cache.replay(prefix, this::replay);
			}
			return true;
		}

		/** Sends a cached message to the subscribers (on the backend XPUB), never blocking. */
		private void replay(byte[][] message) {
			for (int i = 0; i < message.length; i++) {
				this.from.send(message[i], ZMQ.DONTWAIT | ((i < message.length - 1) ? ZMQ.SNDMORE : 0));
			}
		}

		/** Sends the first frame without blocking, then the rest of the message; false if the output is full. */
		private boolean first(Msg msg) {
			boolean more = msg.hasMore();
			int size = msg.size();
			Msg copy = (this.capture != null) ? new Msg(msg) : null;
			boolean caching = this.cache != null && !this.subscriptions;
			byte[] head = caching ? msg.data() : null;
			if (!send(msg, more, ZMQ.DONTWAIT)) {
				return false;
			}
			capture(copy, more);
			long total = size;
			if (caching) {
				this.frames.clear();
				this.frames.add(head);
			}
			while (more) {
				Msg next = this.from.recvMsg(0); // frames of a message arrive together: never blocks
				more = next.hasMore();
				total += next.size();
				copy = (this.capture != null) ? new Msg(next) : null;
				if (caching) {
					this.frames.add(next.data());
				}
				send(next, more, 0); // the output accepted the first frame, so it accepts the rest
				capture(copy, more);
			}
			if (caching) {
				this.cache.update(this.frames.toArray(new byte[0][]));
			}
			this.messages++;
			this.bytes += total;
			return true;
		}

		private boolean send(Msg msg, boolean more, int flags) {
			try {
				return this.to.sendMsg(msg, more ? (flags | ZMQ.SNDMORE) : flags);
			}
			catch (ZMQException ex) {
				if (ex.getErrorCode() == ZError.ETERM) {
					throw ex;
				}
				ZmqProxyBehavior.this.total.dropped(); // e.g. unroutable: the message is lost like in zmq_proxy
				return true;
			}
		}

		private void capture(Msg copy, boolean more) {
			if (copy != null) {
				this.capture.sendMsg(copy, more ? (ZMQ.SNDMORE | ZMQ.DONTWAIT) : ZMQ.DONTWAIT);
			}
		}

		private void publish() {
			if (this.messages > 0) {
				this.counters.received(this.messages, this.bytes);
				this.counters.sent(this.messages, this.bytes);
				ZmqProxyBehavior.this.total.received(this.messages, this.bytes);
				ZmqProxyBehavior.this.total.sent(this.messages, this.bytes);
				this.messages = 0;
				this.bytes = 0;
			}
		}

	}

}
