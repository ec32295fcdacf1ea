package dev.zmqspring.proxy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.lifecycle.ZmqActorComponent;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * A stateless proxy declared under {@code zmq.proxies.<name>} (Guide ch.2 "Intermediaries and
 * Proxies"): forwarder, queue or streamer between a frontend and a backend, each side bound or
 * connected by prefix, so one proxy can bridge transports or networks ("Transport Bridging").
 * One actor; steerable (start, stop, pause, resume) from the {@code zmq} actuator endpoint; counts
 * messages and bytes each way.
 *
 * <p>Counters: {@link #getCounters()} sums both directions ({@code in} = read from either side,
 * {@code out} = written to either side); {@link #getFrontendToBackend()} and
 * {@link #getBackendToFrontend()} count each direction (requests or publications, replies or
 * subscriptions).
 */
public class ZmqProxy extends ZmqActorComponent {

	/** The management kind of proxies. */
	public static final String KIND = "proxy";

	private final ZmqProxyDefinition definition;

	private volatile ZmqSecurity frontendSecurity;

	private volatile ZmqSecurity backendSecurity;

	private final ZmqCounters frontendToBackend = new ZmqCounters();

	private final ZmqCounters backendToFrontend = new ZmqCounters();

	private volatile ZmqProxyBehavior behavior;

	/** The last value cache of a {@code LAST_VALUE_CACHE} proxy (new on each start), else {@code null}. */
	private volatile LastValueCache cache;

	/**
	 * Creates a proxy; it runs once started.
	 * @param definition what to proxy
	 * @param factory where sockets come from
	 * @param shutdownTimeout how long stopping may take
	 */
	public ZmqProxy(ZmqProxyDefinition definition, ZmqSocketFactory factory, Duration shutdownTimeout) {
		super(definition.name(), KIND, factory, shutdownTimeout);
		this.definition = definition;
	}

	/**
	 * The security profile of the frontend socket (RFC 26/27); by default the socket factory's.
	 * @param security the profile
	 */
	public void setFrontendSecurity(ZmqSecurity security) {
		this.frontendSecurity = security;
	}

	/**
	 * The security profile of the backend socket (RFC 26/27); by default the socket factory's.
	 * @param security the profile
	 */
	public void setBackendSecurity(ZmqSecurity security) {
		this.backendSecurity = security;
	}

	/** The profiles of both sides, {@code frontend} and {@code backend}, when either has one. */
	@Override
	public Map<String, Object> getSecurity() {
		Map<String, ZmqSecurity> sides = new LinkedHashMap<>();
		sides.put("frontend", side(this.frontendSecurity));
		sides.put("backend", side(this.backendSecurity));
		return ZmqSecurity.describeSides(sides);
	}

	private ZmqSecurity side(ZmqSecurity security) {
		return (security != null) ? security : getFactory().getOptions().security();
	}

	/** The definition. */
	public ZmqProxyDefinition getDefinition() {
		return this.definition;
	}

	/** Messages and bytes moved from frontend to backend. */
	public ZmqCounters getFrontendToBackend() {
		return this.frontendToBackend;
	}

	/** Messages and bytes moved from backend to frontend. */
	public ZmqCounters getBackendToFrontend() {
		return this.backendToFrontend;
	}

	@Override
	protected ZmqActorBehavior createBehavior(ZmqCounters counters) {
		if (this.definition.type() == ZmqProxyType.LAST_VALUE_CACHE) {
			this.cache = new LastValueCache(this.definition.maxTopics());
		}
		ZmqProxyBehavior next = new ZmqProxyBehavior(this.definition, counters, this.frontendToBackend,
				this.backendToFrontend, getGate(), this.cache, side(this.frontendSecurity), side(this.backendSecurity));
		this.behavior = next;
		return next;
	}

	@Override
	protected List<String> currentEndpoints() {
		ZmqProxyBehavior current = this.behavior;
		return (current != null) ? current.getEndpoints() : List.of();
	}

	/** Topics in the last value cache (0 for the other kinds of proxy). */
	public int getCachedTopics() {
		LastValueCache current = this.cache;
		return (current != null) ? current.topics() : 0;
	}

	/** Cached messages sent to new subscribers (0 for the other kinds of proxy). */
	public long getReplayedMessages() {
		LastValueCache current = this.cache;
		return (current != null) ? current.replays() : 0;
	}

	@Override
	public Map<String, Object> getDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("type", this.definition.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		details.put("frontendToBackend", direction(this.frontendToBackend));
		details.put("backendToFrontend", direction(this.backendToFrontend));
		LastValueCache current = this.cache;
		if (current != null) {
			details.put("cachedTopics", current.topics());
			details.put("maxTopics", this.definition.maxTopics());
			details.put("evictedTopics", current.evictions());
			details.put("replayedMessages", current.replays());
			details.put("refusedMessages", current.refusedMessages());
		}
		return details;
	}

	private static Map<String, Object> direction(ZmqCounters counters) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("messages", counters.getMessagesOut());
		map.put("bytes", counters.getBytesOut());
		return map;
	}

}
