package dev.zmqspring.majordomo;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;

import dev.zmqspring.actor.ZmqActorBehavior;
import dev.zmqspring.actor.ZmqCounters;
import dev.zmqspring.support.InvalidEndpointException;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.listener.ZmqRequestHandler;
import dev.zmqspring.listener.ZmqWorkerDefinition;
import dev.zmqspring.listener.ZmqWorkerProtocol;

/**
 * The {@code "majordomo"} worker protocol (Guide ch.4, spec 7/MDP): what {@code @ZmqWorker(service =
 * "echo")} methods speak. Each worker is a {@link MajordomoWorker} on its own actor, connected to the
 * annotation's {@code broker} or else the protocol's default broker (in a Boot application,
 * {@code zmq.majordomo.endpoint}).
 */
public final class MajordomoWorkerProtocol implements ZmqWorkerProtocol {

	/** The protocol name. */
	public static final String NAME = "majordomo";

	private final @Nullable String defaultBroker;

	private final String defaultBrokerSource;

	private final Duration heartbeatInterval;

	private final int heartbeatLiveness;

	private final Duration reconnectInterval;

	private final long maxMessageSize;

	/**
	 * Creates the protocol.
	 * @param defaultBroker the broker of workers that name none, may be {@code null}
	 * @param heartbeatInterval worker heartbeat interval (match the broker's)
	 * @param heartbeatLiveness missed intervals before the worker reconnects
	 * @param reconnectInterval pause before reconnecting after losing the broker
	 * @param maxMessageSize largest request accepted, -1 for unlimited
	 */
	public MajordomoWorkerProtocol(@Nullable String defaultBroker, Duration heartbeatInterval, int heartbeatLiveness,
			Duration reconnectInterval, long maxMessageSize) {
		this(defaultBroker, "the protocol's default broker", heartbeatInterval, heartbeatLiveness, reconnectInterval,
				maxMessageSize);
	}

	/**
	 * Creates the protocol, naming where its default broker comes from in errors.
	 * @param defaultBroker the broker of workers that name none, may be {@code null}
	 * @param defaultBrokerSource where the default broker is set (a property key, say), named in errors
	 * @param heartbeatInterval worker heartbeat interval (match the broker's)
	 * @param heartbeatLiveness missed intervals before the worker reconnects
	 * @param reconnectInterval pause before reconnecting after losing the broker
	 * @param maxMessageSize largest request accepted, -1 for unlimited
	 */
	public MajordomoWorkerProtocol(@Nullable String defaultBroker, String defaultBrokerSource,
			Duration heartbeatInterval, int heartbeatLiveness, Duration reconnectInterval, long maxMessageSize) {
		this.defaultBroker = defaultBroker;
		this.defaultBrokerSource = defaultBrokerSource;
		this.heartbeatInterval = heartbeatInterval;
		this.heartbeatLiveness = heartbeatLiveness;
		this.reconnectInterval = reconnectInterval;
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public List<String> defaultEndpoints(ZmqWorkerDefinition definition) {
		boolean own = definition.broker() != null && !definition.broker().isBlank();
		return (own || this.defaultBroker == null || this.defaultBroker.isBlank()) ? List.of()
				: List.of(this.defaultBroker);
	}

	@Override
	public void validate(ZmqWorkerDefinition definition) {
		String service = definition.service();
		if (service == null || service.isBlank()) {
			throw new IllegalStateException("Majordomo worker " + definition.source() + " has no service name");
		}
		if (MdpProtocol.isMmi(service)) {
			throw new IllegalStateException("Majordomo worker " + definition.source() + " uses the reserved service name '"
					+ service + "' (mmi.* belongs to the broker, spec 8/MMI)");
		}
		brokerEndpoints(definition);
	}

	private List<ZmqEndpoint> brokerEndpoints(ZmqWorkerDefinition definition) {
		String broker = (definition.broker() != null && !definition.broker().isBlank()) ? definition.broker()
				: this.defaultBroker;
		if (broker == null || broker.isBlank()) {
			throw new IllegalStateException("Majordomo worker " + definition.source()
					+ " has no broker: set @ZmqWorker(broker = ...) or " + this.defaultBrokerSource);
		}
		String source = (definition.broker() != null && !definition.broker().isBlank()) ? definition.source()
				: this.defaultBrokerSource;
		List<ZmqEndpoint> endpoints = ZmqEndpoint.parseAll(broker, SocketType.DEALER, source);
		for (ZmqEndpoint endpoint : endpoints) {
			if (endpoint.bind()) {
				throw new InvalidEndpointException(endpoint.toString(), source,
						"a Majordomo worker connects to its broker; remove the '@'");
			}
		}
		return endpoints;
	}

	@Override
	public ZmqActorBehavior createWorker(ZmqWorkerDefinition definition, ZmqRequestHandler handler) {
		validate(definition);
		ZmqCounters counters = new ZmqCounters();
		MajordomoWorkerConnection connection = new MajordomoWorkerConnection(definition.service(),
				brokerEndpoints(definition), this.heartbeatInterval, this.heartbeatLiveness, this.reconnectInterval,
				this.maxMessageSize, handler, counters);
		return new MajordomoWorker(connection, counters);
	}

}
