package dev.zmqspring.coordination;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.core.ZmqTemplate;

/**
 * A publisher that knows who listens: the answer to the slow-joiner problem (Guide ch.2 "Node
 * Coordination"). The Guide synchronizes publisher and subscribers with an extra REQ-REP round;
 * this class uses the subscription messages an XPUB socket receives instead, so any subscriber
 * (a {@code @ZmqSubscriber}, a libzmq SUB) needs no extra code: the publisher simply waits until
 * N subscriptions have arrived and only then starts publishing.
 *
 * <p>An actor owns the XPUB socket (with {@code XPUB_VERBOSE}, so every subscriber's subscription is
 * seen, not only the first per topic). Any thread publishes through {@link #publish}, which hands
 * the frames to the actor over an inproc PUSH of the calling thread (via the {@link ZmqTemplate}).
 * Subscription counts only grow: a subscriber that leaves is not subtracted.
 *
 * <pre>{@code
 * ZmqSynchronizedPublisher publisher = new ZmqSynchronizedPublisher("weather", factory, template, "tcp://*:5556");
 * publisher.start(Duration.ofSeconds(5));
 * publisher.awaitSubscriptions("10001", 2, Duration.ofSeconds(30));   // two subscribers to 10001
 * publisher.publish("10001", "10001 25 60");
 * }</pre>
 */
public final class ZmqSynchronizedPublisher {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final ZmqTemplate template;

	private final List<ZmqEndpoint> endpoints;

	private final String inbox;

	private final ZmqActor actor;

	private final Object lock = new Object();

	private final Map<String, Integer> subscriptions = new HashMap<>();

	private int total;

	private volatile List<String> boundEndpoints = List.of();

	/**
	 * Creates the publisher; nothing is bound until {@link #start}.
	 * @param name a name for the actor thread
	 * @param factory where sockets come from
	 * @param template used to hand messages from publishing threads to the actor
	 * @param endpoints XPUB endpoints (bound unless prefixed with {@code >})
	 */
	public ZmqSynchronizedPublisher(String name, ZmqSocketFactory factory, ZmqTemplate template, String endpoints) {
		this.template = template;
		this.endpoints = ZmqEndpoint.parseAll(endpoints, SocketType.XPUB, "ZmqSynchronizedPublisher " + name);
		this.inbox = "inproc://zmq-sync-publisher-" + name + "-" + SEQUENCE.incrementAndGet();
		this.actor = new ZmqActor("sync-publisher-" + name, factory, new Behavior());
	}

	/** Binds and starts the actor. */
	public ZmqSynchronizedPublisher start(Duration timeout) {
		this.actor.start(timeout);
		return this;
	}

	/** Stops the actor; queued messages get the socket's linger. */
	public void stop(Duration timeout) {
		this.actor.stop(timeout);
	}

	/** The endpoints actually bound (ephemeral ports resolved). */
	public List<String> getEndpoints() {
		return this.boundEndpoints;
	}

	/** The first bound endpoint, convenient for tests. */
	public String getEndpoint() {
		return this.boundEndpoints.get(0);
	}

	/**
	 * Publishes {@code [topic][payload]} (Guide ch.2 pub-sub envelope). Thread-safe.
	 * @param topic the topic frame
	 * @param payload the payload, converted like the template converts it
	 */
	public void publish(String topic, Object payload) {
		ZMsg msg = new ZMsg();
		msg.add(topic.getBytes(StandardCharsets.UTF_8));
		msg.add(this.template.getConverters().toFrame(payload));
		send(msg);
	}

	/**
	 * Publishes a message of any shape, e.g. a single ch.1 weather frame {@code "10001 25 60"}.
	 * @param message the frames
	 */
	public void send(ZMsg message) {
		this.template.push(">" + this.inbox, message);
	}

	/** How many subscriptions to exactly this topic (prefix) have arrived. */
	public int getSubscriptions(String topic) {
		synchronized (this.lock) {
			return this.subscriptions.getOrDefault(topic, 0);
		}
	}

	/**
	 * Waits until at least {@code count} subscriptions to {@code topic} arrived (the empty topic is a
	 * subscribe-all subscriber).
	 * @param topic the subscribed prefix
	 * @param count how many subscribers
	 * @param timeout how long to wait
	 * @return whether they arrived in time
	 */
	public boolean awaitSubscriptions(String topic, int count, Duration timeout) {
		return await(() -> this.subscriptions.getOrDefault(topic, 0) >= count, timeout);
	}

	/**
	 * Waits until every topic has at least one subscription.
	 * @param topics the prefixes ({@code ""} for subscribe-all)
	 * @param timeout how long to wait
	 * @return whether they arrived in time
	 */
	public boolean awaitSubscriptions(Collection<String> topics, Duration timeout) {
		return await(() -> topics.stream().allMatch(this.subscriptions::containsKey), timeout);
	}

	/**
	 * Waits until at least {@code count} subscriptions of any topic arrived.
	 * @param count how many
	 * @param timeout how long to wait
	 * @return whether they arrived in time
	 */
	public boolean awaitSubscriptions(int count, Duration timeout) {
		return await(() -> this.total >= count, timeout);
	}

	private boolean await(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (!condition.getAsBoolean()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				try {
					this.lock.wait(Math.max(1, remaining / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	private final class Behavior implements ZmqActorBehavior {

		private ZMQ.Socket xpub;

		@Override
		public void open(ZmqActorLoop loop) {
			this.xpub = loop.socket(SocketType.XPUB, List.of());
			this.xpub.setXpubVerbose(true);
			ZmqSynchronizedPublisher.this.boundEndpoints = List
				.copyOf(ZmqSocketFactory.attach(this.xpub, ZmqSynchronizedPublisher.this.endpoints));
			ZMQ.Socket in = loop.socket(SocketType.PULL,
					List.of(ZmqEndpoint.bind(ZmqSynchronizedPublisher.this.inbox)));
			loop.register(this.xpub, this::onSubscription);
			loop.register(in, this::relay);
		}

		private void onSubscription(ZMQ.Socket socket) {
			byte[] event;
			while ((event = socket.recv(ZMQ.DONTWAIT)) != null) {
				if (event.length > 0 && event[0] == 1) {
					String topic = new String(Arrays.copyOfRange(event, 1, event.length), StandardCharsets.UTF_8);
					synchronized (ZmqSynchronizedPublisher.this.lock) {
						ZmqSynchronizedPublisher.this.subscriptions.merge(topic, 1, Integer::sum);
						ZmqSynchronizedPublisher.this.total++;
						ZmqSynchronizedPublisher.this.lock.notifyAll();
					}
				}
			}
		}

		private void relay(ZMQ.Socket in) {
			for (int n = 0; n < 256; n++) {
				byte[] frame = in.recv(ZMQ.DONTWAIT);
				if (frame == null) {
					return;
				}
				while (in.hasReceiveMore()) {
					this.xpub.send(frame, ZMQ.SNDMORE);
					frame = in.recv(0);
				}
				this.xpub.send(frame, 0);
			}
		}

	}

}
