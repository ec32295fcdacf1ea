package dev.zmqspring.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import dev.zmqspring.actor.ZmqActor;
import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.lifecycle.ZmqManagedComponent;
import dev.zmqspring.support.ZmqException;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The one ZAP handler of a context (RFC 27 ZeroMQ Authentication Protocol): an actor that answers
 * JeroMQ's authentication requests for every secured server socket of the context, by the
 * {@link ZmqAccessPolicy} of each profile, and counts every decision.
 *
 * <p>It runs from {@link #start()} to {@link #close()}, which the auto-configuration ties to the
 * lifetime of the security profiles, so it is up before the first secured socket and down after the
 * last. It cannot be stopped or paused from outside: JeroMQ lets every client in when no handler is
 * bound ({@code stop} and {@code pause} refuse). A second handler on the same context (such as
 * JeroMQ's {@code ZAuth}) cannot bind and fails the start, naming the endpoint.
 */
public final class ZmqAuthentication implements ZmqManagedComponent, AutoCloseable {

	/** Where RFC 27 says the ZAP handler of a context binds. */
	public static final String ENDPOINT = "inproc://zeromq.zap.01";

	private final ZmqSocketFactory factory;

	private final Map<String, ZmqAccessPolicy> policies;

	private final Duration timeout;

	private final ZmqCounters counters = new ZmqCounters();

	private final LongAdder allowed = new LongAdder();

	private final LongAdder denied = new LongAdder();

	private final List<BiConsumer<ZapRequest, ZapDecision>> listeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable ZmqActor actor;

	/**
	 * Creates the handler, not started.
	 * @param factory the socket factory of the context (its sockets' own security is not used)
	 * @param policies one policy per server profile
	 * @param timeout how long starting and closing may take
	 */
	public ZmqAuthentication(ZmqSocketFactory factory, Collection<ZmqAccessPolicy> policies, Duration timeout) {
		this.factory = factory.withSecurity(ZmqSecurity.NONE);
		Map<String, ZmqAccessPolicy> byProfile = new LinkedHashMap<>();
		policies.forEach((policy) -> byProfile.put(policy.getProfile(), policy));
		this.policies = Map.copyOf(byProfile);
		this.timeout = timeout;
	}

	/**
	 * Adds a listener told of every decision, on the handler's thread (the {@code zmq.auth} meters).
	 * @param listener the listener; it must be quick and must not throw
	 */
	public void addListener(BiConsumer<ZapRequest, ZapDecision> listener) {
		this.listeners.add(listener);
	}

	/** Binds {@link #ENDPOINT} and starts answering; does nothing if running. */
	@Override
	public synchronized void start() {
		ZmqActor current = this.actor;
		if (current != null && current.isRunning()) {
			return;
		}
		ZmqActor fresh = new ZmqActor("zap", this.factory,
				new ZapHandler(this.policies, this.counters, this::decided, System::currentTimeMillis), this.counters);
		try {
			fresh.start(this.timeout);
		}
		catch (ZmqException ex) {
			throw new ZmqSecurityException("Cannot bind the ZAP handler at " + ENDPOINT
					+ " (is another ZAP handler, such as JeroMQ's ZAuth, bound on this ZContext?): " + ex.getMessage(), ex);
		}
		this.actor = fresh;
	}

	private void decided(ZapRequest request, ZapDecision decision) {
		(decision.isAllowed() ? this.allowed : this.denied).increment();
		for (BiConsumer<ZapRequest, ZapDecision> listener : this.listeners) {
			listener.accept(request, decision);
		}
	}

	/** Stops answering and unbinds, with the context's shutdown. */
	@Override
	public synchronized void close() {
		ZmqActor current = this.actor;
		if (current != null) {
			current.stop(this.timeout);
		}
	}

	/** Refused: without a bound handler JeroMQ would let every client in. */
	@Override
	public void stop() {
		throw new UnsupportedOperationException(
				"The ZAP handler runs as long as the application context: without it JeroMQ accepts every client");
	}

	/** Refused, like {@link #stop()}. */
	@Override
	public void pause() {
		throw new UnsupportedOperationException("The ZAP handler cannot be paused");
	}

	@Override
	public void resume() {
	}

	/** Only a handler with profiles to decide for shows in health. */
	@Override
	public boolean isHealthEnabled() {
		return !this.policies.isEmpty();
	}

	@Override
	public String getName() {
		return "zap";
	}

	@Override
	public String getKind() {
		return "authenticator";
	}

	@Override
	public ZmqActorState getState() {
		ZmqActor current = this.actor;
		return (current != null) ? current.getState() : ZmqActorState.NEW;
	}

	@Override
	public @Nullable Throwable getFailure() {
		ZmqActor current = this.actor;
		return (current != null) ? current.getFailure() : null;
	}

	@Override
	public List<String> getEndpoints() {
		return List.of(ENDPOINT);
	}

	@Override
	public ZmqCounters getCounters() {
		return this.counters;
	}

	/** How many connections were let in. */
	public long getAllowed() {
		return this.allowed.sum();
	}

	/** How many connections were turned away (denied or failed). */
	public long getDenied() {
		return this.denied.sum();
	}

	/** The profiles this handler decides for. */
	public Collection<ZmqAccessPolicy> getPolicies() {
		return this.policies.values();
	}

	@Override
	public Map<String, Object> getDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		List<String> profiles = new ArrayList<>(this.policies.keySet());
		profiles.sort(null);
		details.put("profiles", profiles);
		details.put("allowed", getAllowed());
		details.put("denied", getDenied());
		return details;
	}

}
