package dev.zmqspring.clone;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.core.ZmqMessageConverter;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.lifecycle.ZmqActorComponent;
import dev.zmqspring.support.ZmqInterruptedException;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * A Clone client (Guide ch.5 "Reliable Pub-Sub (Clone Pattern)", the clone class of clonecli6;
 * spec 12/CLONE): a live, read-only {@code Map<String, V>} replicated from a {@link CloneServer}
 * (or a pair), and {@link #set}/{@link #delete} to change it through the server. Values go through
 * the message converters; an empty body on the wire is a delete.
 *
 * <p>The map is the server's: a {@code set} shows in {@link #asMap()} when the server has sequenced
 * and published it, in the same order on every client. Changes are reported to listeners
 * ({@link #addListener}) and as {@link ZmqCloneChangedEvent}s, on the map's actor thread; a move to
 * the next server when the current one is silent is published as a {@link ZmqCloneFailoverEvent}.
 *
 * @param <V> the value type
 */
public class ZmqCloneMap<V> extends ZmqActorComponent
		implements CloneClientBehavior.Sink, ApplicationEventPublisherAware {

	private static final Log logger = LogFactory.getLog(ZmqCloneMap.class);

	private final List<CloneEndpoints> servers;

	private final String subtree;

	private final Class<V> valueType;

	private final ZmqMessageConverters converters;

	private final Duration serverTimeout;

	private volatile @Nullable ApplicationEventPublisher publisher;

	/**
	 * The values readers see; written on the actor thread only. A first snapshot is built aside
	 * ({@link Incoming}) and replaces this one, still empty, in one step.
	 */
	private volatile Map<String, V> values = new ConcurrentHashMap<>();

	private final Map<String, V> view = new View();

	/** The snapshot being received (actor thread). */
	private @Nullable Incoming incoming;

	/** The converter of the value type, found on the first value (on the actor thread). */
	private @Nullable ZmqMessageConverter converter;

	private final List<Consumer<ZmqCloneChangedEvent>> listeners = new CopyOnWriteArrayList<>();

	private final CountDownLatch firstSnapshot = new CountDownLatch(1);

	private volatile @Nullable CloneClientBehavior behavior;

	/**
	 * Creates the map; nothing connects until {@link #start()}.
	 * @param name its name ({@code zmq.clone.clients.<name>})
	 * @param factory where sockets come from
	 * @param servers the servers, tried in order (two for a Binary Star pair)
	 * @param subtree the key prefix this map replicates, empty for all
	 * @param valueType the value type, read through the converters
	 * @param converters the message converters
	 * @param serverTimeout how long the current server may be silent (no update, no {@code HUGZ})
	 * before the map fails over to the next
	 * @param shutdownTimeout how long stopping may take
	 * @param publisher where change events are published, or {@code null}
	 */
	public ZmqCloneMap(String name, ZmqSocketFactory factory, List<CloneEndpoints> servers, String subtree,
			Class<V> valueType, ZmqMessageConverters converters, Duration serverTimeout, Duration shutdownTimeout,
			@Nullable ApplicationEventPublisher publisher) {
		super(name, "clone-map", factory, shutdownTimeout);
		if (servers.isEmpty()) {
			throw new IllegalArgumentException("a Clone map needs at least one server");
		}
		this.servers = List.copyOf(servers);
		this.subtree = subtree;
		this.valueType = valueType;
		this.converters = converters;
		this.serverTimeout = serverTimeout;
		this.publisher = publisher;
	}

	/**
	 * Where change events are published when the map was created without a publisher: a map that is
	 * a bean publishes to its application context. Called before {@link #start()}.
	 * @param publisher the application context
	 */
	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		if (this.publisher == null) {
			this.publisher = publisher;
		}
	}

	@Override
	protected ZmqActorBehavior createBehavior(ZmqCounters counters) {
		CloneClientBehavior created = new CloneClientBehavior(getName(), this.servers, this.subtree,
				this.serverTimeout.toMillis(), this, counters);
		this.behavior = created;
		return created;
	}

	@Override
	protected List<String> currentEndpoints() {
		CloneClientBehavior current = this.behavior;
		if (current == null || !isRunning()) {
			return List.of();
		}
		CloneEndpoints server = this.servers.get(current.current());
		return List.of(server.snapshot(), server.publisher());
	}

	/**
	 * The live, read-only view of the map: every read sees the map as it is now. The first snapshot
	 * appears in it at once, whole; a key set, values or entry set taken from the view while the map
	 * was still empty stays empty.
	 */
	public Map<String, V> asMap() {
		return this.view;
	}

	/**
	 * One value.
	 * @param key the key
	 * @return its value or {@code null}
	 */
	public @Nullable V get(String key) {
		return this.values.get(key);
	}

	/** The key prefix this map replicates. */
	public String getSubtree() {
		return this.subtree;
	}

	/**
	 * Sets a key through the server.
	 * @param key the key
	 * @param value the value (a value that converts to no bytes deletes the key)
	 */
	public void set(String key, V value) {
		send(KvMsg.update(key, this.converters.toFrame(value), Map.of()));
	}

	/**
	 * Sets an ephemeral key: the server deletes it when the time to live passes (Guide "Ephemeral
	 * Values"); sent as whole seconds, rounded up, as the Guide's {@code ttl} property.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live
	 */
	public void set(String key, V value, Duration ttl) {
		long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
		send(KvMsg.update(key, this.converters.toFrame(value), Map.of(KvMsg.TTL, Long.toString(seconds))));
	}

	/**
	 * Deletes a key through the server.
	 * @param key the key
	 */
	public void delete(String key) {
		send(KvMsg.update(key, new byte[0], Map.of()));
	}

	private void send(KvMsg update) {
		if (update.key().isEmpty()) {
			throw new IllegalArgumentException("a Clone key must not be empty");
		}
		CloneClientBehavior current = this.behavior;
		if (current == null || !isRunning()) {
			throw new IllegalStateException("Clone map '" + getName() + "' is not running");
		}
		current.submit(update);
	}

	/**
	 * Waits for the first snapshot (startup ordering).
	 * @param timeout how long to wait
	 * @return whether a snapshot has been applied
	 */
	public boolean awaitSnapshot(Duration timeout) {
		try {
			return this.firstSnapshot.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ZmqInterruptedException("interrupted while waiting for the Clone snapshot");
		}
	}

	/**
	 * Adds a change listener, called on the map's actor thread.
	 * @param listener the listener
	 */
	public void addListener(Consumer<ZmqCloneChangedEvent> listener) {
		this.listeners.add(listener);
	}

	/** The snapshot endpoint of the server the map follows now. */
	public String getConnectedServer() {
		CloneClientBehavior current = this.behavior;
		return this.servers.get((current != null) ? current.current() : 0).snapshot();
	}

	/** The sequence of the last update applied. */
	public long getLastSequence() {
		CloneClientBehavior current = this.behavior;
		return (current != null) ? current.lastSequence() : 0;
	}

	/** How many sequences the map is behind the server's last {@code HUGZ}. */
	public long getLag() {
		CloneClientBehavior current = this.behavior;
		return (current != null) ? Math.max(0, current.serverSequence() - current.lastSequence()) : 0;
	}

	/** How many server collectors have subscribed to this map's updates. */
	public int getSubscribedServers() {
		CloneClientBehavior current = this.behavior;
		return (current != null) ? current.subscriptions() : 0;
	}

	/** How many updates were ignored as old or duplicate. */
	public long getIgnoredUpdates() {
		CloneClientBehavior current = this.behavior;
		return (current != null) ? current.ignored() : 0;
	}

	/** How many times the map failed over to the next server. */
	public long getFailovers() {
		CloneClientBehavior current = this.behavior;
		return (current != null) ? current.failovers() : 0;
	}

	@Override
	public Map<String, Object> getDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		CloneClientBehavior current = this.behavior;
		details.put("connectedServer", getConnectedServer());
		details.put("synced", current != null && !current.syncing());
		details.put("lastSequence", getLastSequence());
		details.put("lag", getLag());
		details.put("keys", this.values.size());
		details.put("failovers", getFailovers());
		return details;
	}

	// ---- Sink, on the actor thread

	@Override
	public void snapshotStarted() {
		this.incoming = new Incoming(this.values.isEmpty());
	}

	@Override
	public void snapshotEntry(KvMsg entry) {
		Incoming current = this.incoming;
		if (current != null) {
			current.add(entry);
		}
	}

	@Override
	public void snapshotEnded(long sequence) {
		Incoming done = this.incoming;
		this.incoming = null;
		if (done != null) {
			done.apply(sequence);
		}
		this.firstSnapshot.countDown();
	}

	@Override
	public void update(KvMsg msg) {
		change(msg.key(), msg.isDelete() ? null : msg.body(), msg.sequence());
	}

	@Override
	public void failover(CloneEndpoints from, CloneEndpoints to, long failovers) {
		ApplicationEventPublisher events = this.publisher;
		if (events == null) {
			return;
		}
		ZmqCloneFailoverEvent event = new ZmqCloneFailoverEvent(this, from.snapshot(), to.snapshot(), failovers);
		try {
			events.publishEvent(event);
		}
		catch (RuntimeException ex) {
			getCounters().error();
			logger.warn("Clone map '" + getName() + "': an event listener failed on " + event, ex);
		}
	}

	private void change(String key, byte @Nullable [] body, long sequence) {
		V value = null;
		if (body != null) {
			value = convert(key, body);
			if (value == null) {
				return;
			}
		}
		V old = (value != null) ? this.values.put(key, value) : this.values.remove(key);
		if (old != null || value != null) {
			reportChange(key, old, value, sequence);
		}
	}

	private void reportChange(String key, @Nullable V old, @Nullable V value, long sequence) {
		if (!this.listeners.isEmpty() || this.publisher != null) {
			report(new ZmqCloneChangedEvent(this, key, old, value, sequence));
		}
	}

	/** Whether two values are the same: {@code equals}, and for byte arrays their contents. */
	private static boolean same(@Nullable Object old, Object value) {
		if (old instanceof byte[] before && value instanceof byte[] after) {
			return Arrays.equals(before, after);
		}
		return value.equals(old);
	}

	/** The value of a body, or {@code null} (counted as dropped) when it does not convert. */
	private @Nullable V convert(String key, byte[] body) {
		try {
			if (this.valueType == byte[].class) {
				return this.valueType.cast(body);
			}
			ZmqMessageConverter found = this.converter;
			if (found == null) {
				found = this.converters.converterFor(this.valueType);
				this.converter = found;
			}
			return this.valueType.cast(found.fromFrame(body, this.valueType));
		}
		catch (RuntimeException ex) {
			getCounters().dropped();
			logger.debug("Clone map '" + getName() + "': cannot convert the value of '" + key + "'", ex);
			return null;
		}
	}

	private void report(ZmqCloneChangedEvent event) {
		for (Consumer<ZmqCloneChangedEvent> listener : this.listeners) {
			try {
				listener.accept(event);
			}
			catch (RuntimeException ex) {
				getCounters().error();
				logger.warn("Clone map '" + getName() + "': a listener failed on " + event, ex);
			}
		}
		ApplicationEventPublisher events = this.publisher;
		if (events != null) {
			try {
				events.publishEvent(event);
			}
			catch (RuntimeException ex) {
				getCounters().error();
				logger.warn("Clone map '" + getName() + "': an event listener failed on " + event, ex);
			}
		}
	}

	/**
	 * The snapshot being received (Guide ch.5 clonecli: {@code ICANHAZ?} to {@code KTHXBAI}). Into an
	 * empty map it is built aside as it arrives, each value converted while its bytes are fresh, in a
	 * map that replaces the empty one in one step at {@code KTHXBAI}; the changes are then reported
	 * in the server's order. Into a map that has values (after a failover), the entries are kept and
	 * compared with the map at the end: keys the server no longer has are deleted, and a key changes
	 * only when its new value is not {@code equals} the current one (decision 0049).
	 */
	private final class Incoming {

		private final boolean aside;

		private final List<KvMsg> entries = new ArrayList<>();

		private final Map<String, V> values = new ConcurrentHashMap<>();

		/** Key, old value, new value of each change, kept only while someone listens. */
		private final List<Object[]> changes = new ArrayList<>();

		Incoming(boolean aside) {
			this.aside = aside;
		}

		void add(KvMsg entry) {
			if (!this.aside) {
				this.entries.add(entry);
				return;
			}
			V value = convert(entry.key(), entry.body());
			if (value == null) {
				return;
			}
			V old = this.values.put(entry.key(), value);
			if (!ZmqCloneMap.this.listeners.isEmpty() || ZmqCloneMap.this.publisher != null) {
				this.changes.add(new Object[] { entry.key(), old, value });
			}
		}

		void apply(long sequence) {
			if (this.aside) {
				ZmqCloneMap.this.values = this.values;
				for (Object[] change : this.changes) {
					report(new ZmqCloneChangedEvent(ZmqCloneMap.this, (String) change[0], change[1], change[2], sequence));
				}
				return;
			}
			Map<String, V> current = ZmqCloneMap.this.values;
			Set<String> keys = new HashSet<>();
			this.entries.forEach((entry) -> keys.add(entry.key()));
			for (String key : List.copyOf(current.keySet())) {
				if (!keys.contains(key)) {
					change(key, null, sequence);
				}
			}
			for (KvMsg entry : this.entries) {
				V value = convert(entry.key(), entry.body());
				V old = current.get(entry.key());
				if (value != null && !same(old, value)) {
					current.put(entry.key(), value);
					reportChange(entry.key(), old, value, sequence);
				}
			}
		}

	}

	/** The read-only view {@link #asMap()} returns: every call reads the map's current values. */
	private final class View extends AbstractMap<String, V> {

		@Override
		public int size() {
			return ZmqCloneMap.this.values.size();
		}

		@Override
		public boolean isEmpty() {
			return ZmqCloneMap.this.values.isEmpty();
		}

		@Override
		public boolean containsKey(Object key) {
			return ZmqCloneMap.this.values.containsKey(key);
		}

		@Override
		public boolean containsValue(Object value) {
			return ZmqCloneMap.this.values.containsValue(value);
		}

		@Override
		public @Nullable V get(Object key) {
			return ZmqCloneMap.this.values.get(key);
		}

		@Override
		public void forEach(BiConsumer<? super String, ? super V> action) {
			ZmqCloneMap.this.values.forEach(action);
		}

		@Override
		public Set<Entry<String, V>> entrySet() {
			return Collections.unmodifiableMap(ZmqCloneMap.this.values).entrySet();
		}

		@Override
		public Set<String> keySet() {
			return Collections.unmodifiableSet(ZmqCloneMap.this.values.keySet());
		}

		@Override
		public Collection<V> values() {
			return Collections.unmodifiableCollection(ZmqCloneMap.this.values.values());
		}

	}

}
