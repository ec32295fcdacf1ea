package dev.zmqspring.actuate;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyType;
import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.clone.ZmqCloneMap;
import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.broker.ZmqBrokerPeering;
import dev.zmqspring.broker.WorkerGauges;
import dev.zmqspring.lifecycle.ZmqManagedComponentSource;

/**
 * Micrometer meters of every {@link ZmqManagedComponent} known when the registry binds (all beans,
 * and the components of {@link dev.zmqspring.lifecycle.ZmqManagedComponentSource} beans at that time).
 * Tags on every meter: {@code component} (name) and {@code kind} (listener, proxy, broker).
 * <ul>
 * <li>{@code zmq.messages} (function counter, tag {@code direction=in|out}) and {@code zmq.bytes}
 * (same, base unit bytes);</li>
 * <li>{@code zmq.errors}, {@code zmq.dropped} (function counters);</li>
 * <li>{@code zmq.connections.rejected}, {@code zmq.connections.accepted},
 * {@code zmq.connections.disconnected}, {@code zmq.frames.rejected} (function counters) and
 * {@code zmq.connections.open} (gauge), from the bound sockets' monitors (docs/network.md);</li>
 * <li>{@code zmq.handler} (function timer: handler invocations and their total time);</li>
 * <li>brokers (load-balancing, Paranoid Pirate, Majordomo: every {@link WorkerGauges.Source}):
 * {@code zmq.broker.workers} (gauge, tag {@code state=idle|busy}) and {@code zmq.broker.queued}
 * (gauge, requests waiting for a worker); a peering load-balancing broker (Guide ch.3 inter-broker
 * routing) also {@code zmq.broker.peers} (gauge, live peers) and {@code zmq.broker.peer.capacity}
 * (gauge, tag {@code peer}).</li>
 * </ul>
 * The meters read the single-writer counters directly, so they cost nothing on the message path.
 */
public class ZmqMetrics implements MeterBinder {

	private final ZmqManagedComponents components;

	public ZmqMetrics(ZmqManagedComponents components) {
		this.components = components;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ZmqManagedComponent component : this.components.all()) {
			bind(registry, component);
		}
	}

	private void bind(MeterRegistry registry, ZmqManagedComponent c) {
		Tags tags = Tags.of("component", c.getName(), "kind", c.getKind());
		counter(registry, "zmq.messages", "messages", tags.and("direction", "in"), c,
				(x) -> x.getCounters().getMessagesIn(), "Messages received");
		counter(registry, "zmq.messages", "messages", tags.and("direction", "out"), c,
				(x) -> x.getCounters().getMessagesOut(), "Messages sent");
		counter(registry, "zmq.bytes", "bytes", tags.and("direction", "in"), c, (x) -> x.getCounters().getBytesIn(),
				"Bytes received");
		counter(registry, "zmq.bytes", "bytes", tags.and("direction", "out"), c,
				(x) -> x.getCounters().getBytesOut(), "Bytes sent");
		counter(registry, "zmq.errors", "errors", tags, c, (x) -> x.getCounters().getErrors(),
				"Failed handlings (handler exceptions, conversion failures)");
		counter(registry, "zmq.dropped", "messages", tags, c, (x) -> x.getCounters().getDropped(),
				"Malformed or unroutable messages dropped");
		counter(registry, "zmq.connections.rejected", "connections", tags, c,
				(x) -> x.getCounters().getConnectionsRejected(),
				"Connections dropped before completing the ZMTP handshake (junk, stalled or failed greetings)");
		counter(registry, "zmq.connections.accepted", "connections", tags, c,
				(x) -> x.getCounters().getConnectionsAccepted(), "Incoming connections accepted by bound sockets");
		counter(registry, "zmq.connections.disconnected", "connections", tags, c,
				(x) -> x.getCounters().getConnectionsDisconnected(), "Connections that ended, for whatever reason");
		counter(registry, "zmq.frames.rejected", "frames", tags, c, (x) -> x.getCounters().getFramesRejected(),
				"Frames whose claimed size was refused before it was allocated");
		counter(registry, "zmq.connections.refused", "connections", tags, c,
				(x) -> x.getCounters().getConnectionsRefused(),
				"Connections cut for going over zmq.bound-max-connections or its per-address limit");
		counter(registry, "zmq.subscriptions.refused", "frames", tags, c,
				(x) -> x.getCounters().getSubscriptionsRefused(),
				"Frames a bound publisher refused before its subscription trie: over a zmq.subscriptions limit, or no subscription");
		counter(registry, "zmq.subscriptions.cut", "connections", tags, c, (x) -> x.getCounters().getSubscribersCut(),
				"Subscriber connections a bound publisher cut for going over a zmq.subscriptions limit");
		Gauge.builder("zmq.subscriptions.held", c, (x) -> x.getCounters().getSubscriptionsHeld())
			.tags(tags)
			.description("Subscriptions the peers of the bound publishers hold")
			.register(registry);
		Gauge.builder("zmq.connections.open", c, (x) -> x.getCounters().getConnectionsOpen())
			.tags(tags)
			.description("Connections open on the bound sockets")
			.register(registry);
		FunctionTimer.builder("zmq.handler", c, (x) -> x.getCounters().getHandled(),
				(x) -> x.getCounters().getHandlerNanos(), TimeUnit.NANOSECONDS)
			.tags(tags)
			.description("Handler invocations")
			.register(registry);
		if (c instanceof BinaryStar pair) {
			Gauge.builder("zmq.binarystar.state", pair, (p) -> p.getPairState().wireValue())
				.tags(tags)
				.description("This Binary Star peer's state: 1 primary, 2 backup, 3 active, 4 passive, 0 fatal")
				.register(registry);
			FunctionCounter.builder("zmq.binarystar.transitions", pair, BinaryStar::getTransitions)
				.tags(tags)
				.description("State changes of this Binary Star peer")
				.register(registry);
			FunctionCounter.builder("zmq.binarystar.pauses", pair, BinaryStar::getPauses)
				.tags(tags)
				.description("Freezes of this process noticed by this Binary Star peer")
				.register(registry);
			FunctionCounter.builder("zmq.binarystar.stale.discarded", pair, BinaryStar::getStaleDiscarded)
				.tags(tags)
				.description("Client requests refused while this Binary Star peer's state was stale after a freeze")
				.register(registry);
			FunctionCounter.builder("zmq.binarystar.dual.active.resolved", pair, BinaryStar::getDualActiveResolved)
				.tags(tags)
				.description("Dual actives (and dual passives) this Binary Star peer resolved")
				.register(registry);
		}
		if (c instanceof CloneServer clone) {
			Gauge.builder("zmq.clone.sequence", clone, CloneServer::getSequence)
				.tags(tags)
				.description("The Clone server's last sequence")
				.register(registry);
			Gauge.builder("zmq.clone.keys", clone, CloneServer::getKeyCount)
				.tags(tags)
				.description("Keys in the Clone server's map")
				.register(registry);
		}
		if (c instanceof ZmqCloneMap<?> map) {
			Gauge.builder("zmq.clone.sequence", map, ZmqCloneMap::getLastSequence)
				.tags(tags)
				.description("The sequence of the last update the Clone map applied")
				.register(registry);
			Gauge.builder("zmq.clone.keys", map, (m) -> m.asMap().size())
				.tags(tags)
				.description("Keys in the Clone map")
				.register(registry);
			Gauge.builder("zmq.clone.lag", map, ZmqCloneMap::getLag)
				.tags(tags)
				.description("Sequences the Clone map is behind its server's last HUGZ")
				.register(registry);
		}
		if (c instanceof ZmqProxy proxy && proxy.getDefinition().type() == ZmqProxyType.LAST_VALUE_CACHE) {
			Gauge.builder("zmq.lvc.topics", proxy, ZmqProxy::getCachedTopics)
				.tags(tags)
				.description("Topics whose last message the last value cache holds")
				.register(registry);
			FunctionCounter.builder("zmq.lvc.replayed", proxy, ZmqProxy::getReplayedMessages)
				.tags(tags)
				.description("Cached messages sent to new subscribers")
				.register(registry);
		}
		if (c instanceof WorkerGauges.Source broker) {
			Gauge.builder("zmq.broker.workers", broker, (b) -> b.getWorkerGauges().idleWorkers())
				.tags(tags.and("state", "idle"))
				.description("Workers ready for a request")
				.register(registry);
			Gauge.builder("zmq.broker.workers", broker, (b) -> b.getWorkerGauges().busyWorkers())
				.tags(tags.and("state", "busy"))
				.description("Workers handling a request")
				.register(registry);
			Gauge.builder("zmq.broker.queued", broker, (b) -> b.getWorkerGauges().queuedRequests())
				.tags(tags)
				.description("Requests waiting for an idle worker")
				.register(registry);
		}
		if (c instanceof ZmqBroker broker && broker.getDefinition().peering().enabled()) {
			Gauge.builder("zmq.broker.peers", broker, (b) -> b.getPeers().size())
				.tags(tags)
				.description("Peer brokers that announced and are not known unreachable")
				.register(registry);
			for (ZmqBrokerPeering.Peer peer : broker.getDefinition().peering().peers()) {
				Gauge.builder("zmq.broker.peer.capacity", broker, (b) -> b.getPeers().getOrDefault(peer.name(), 0))
					.tags(tags.and("peer", peer.name()))
					.description("Idle workers a peer broker last announced (0 once forgotten)")
					.register(registry);
			}
		}
	}

	private static void counter(MeterRegistry registry, String name, String unit, Tags tags,
			ZmqManagedComponent component, ToDoubleFunction<ZmqManagedComponent> value, String description) {
		FunctionCounter.builder(name, component, value)
			.tags(tags)
			.baseUnit(unit)
			.description(description)
			.register(registry);
	}

}
