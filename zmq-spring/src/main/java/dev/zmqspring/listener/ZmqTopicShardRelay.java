package dev.zmqspring.listener;

import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.zmqspring.actor.ZmqActorLoop;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqSocketFactory;

import zmq.Msg;
import zmq.SocketBase;

/**
 * The front of a subscriber with several handler threads, the Guide's high-speed subscriber "black
 * box" (ch.5): one actor owns the SUB socket and shards the messages over inproc PUSH sockets, one
 * per handler actor, by topic, so a hot subscriber uses every core and the messages of one topic are
 * still handled in order, by one thread.
 *
 * <p>The shard of a multipart message is the hash of its first frame (the topic, ch.2 envelopes); of a
 * single-frame message, the subscription prefix it matched (ch.1 style), so every message of one
 * subscription goes to one handler; with no subscription (everything), the hash of the whole frame.
 * Frames move as JeroMQ {@link Msg}s without copying.
 */
final class ZmqTopicShardRelay implements ZmqListenerActorBehavior {

	private static final int BATCH = 256;

	private final List<ZmqEndpoint> endpoints;

	private final List<String> topics;

	private final ZmqTopicIndex index;

	private final List<String> backAddresses;

	private volatile List<String> actualEndpoints = List.of();

	private ZMQ.Socket front;

	private SocketBase[] backs;

	/**
	 * Creates the relay.
	 * @param endpoints the subscriber's endpoints
	 * @param topics its subscriptions (empty: everything)
	 * @param backAddresses one inproc address per handler actor, in shard order
	 */
	ZmqTopicShardRelay(List<ZmqEndpoint> endpoints, List<String> topics, List<String> backAddresses) {
		this.endpoints = endpoints;
		this.topics = topics;
		this.index = new ZmqTopicIndex(topics);
		this.backAddresses = backAddresses;
	}

	@Override
	public void open(ZmqActorLoop loop) {
		this.backs = new SocketBase[this.backAddresses.size()];
		for (int i = 0; i < this.backs.length; i++) {
			this.backs[i] = loop.socket(SocketType.PUSH, List.of(ZmqEndpoint.bind(this.backAddresses.get(i)))).base();
		}
		this.front = loop.socket(SocketType.SUB, List.of());
		if (this.topics.isEmpty()) {
			this.front.subscribe(ZMQ.SUBSCRIPTION_ALL);
		}
		for (String topic : this.topics) {
			this.front.subscribe(topic);
		}
		this.actualEndpoints = List.copyOf(ZmqSocketFactory.attach(this.front, this.endpoints));
		loop.register(this.front, this::shard);
	}

	private void shard(ZMQ.Socket socket) {
		SocketBase in = socket.base();
		for (int n = 0; n < BATCH; n++) {
			Msg frame = in.recv(ZMQ.DONTWAIT);
			if (frame == null) {
				return;
			}
			SocketBase out = this.backs[shardOf(frame)];
			while (frame.hasMore()) {
				out.send(frame, ZMQ.SNDMORE); // the handlers' pipes apply back-pressure: the relay waits, nothing is lost
				frame = in.recv(0);
			}
			out.send(frame, 0);
		}
	}

	private int shardOf(Msg first) {
		int shards = this.backs.length;
		if (!first.hasMore()) {
			int matched = this.index.match(first);
			if (matched >= 0) {
				return matched % shards;
			}
		}
		int hash = 1;
		int size = first.size();
		for (int i = 0; i < size; i++) {
			hash = 31 * hash + first.get(i);
		}
		return (hash & Integer.MAX_VALUE) % shards;
	}

	@Override
	public List<String> endpoints() {
		return this.actualEndpoints;
	}

	@Override
	public ZmqCounters counters() {
		return null;
	}

}
