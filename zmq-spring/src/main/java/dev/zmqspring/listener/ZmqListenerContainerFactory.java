package dev.zmqspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.zeromq.SocketType;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Validates a {@link ZmqListenerDefinition} and builds its {@link ZmqListenerContainer}: which
 * sockets, how many actors, and whether a front relay is needed. Every misconfiguration fails here,
 * at startup, with a message naming the bean and method.
 *
 * <p>Concurrency models (README "Concurrency"):
 * <ul>
 * <li>{@code concurrency = 1}: one actor with one socket on the listener's endpoints.</li>
 * <li>{@code concurrency = N}, every endpoint connected: N actors, each with its own socket
 * connected to every endpoint; the peer spreads messages over them (PUSH round-robin, ROUTER/DEALER
 * load balancing).</li>
 * <li>{@code concurrency = N} with a bound endpoint (a bound address has one socket only): a front
 * actor owns the bound socket and relays over inproc to N handler actors. REP: ROUTER front, DEALER
 * back, N REP handlers (Guide ch.2 multithreaded server). ROUTER: ROUTER front, DEALER back, N DEALER
 * handlers that see the identity as envelope. DEALER: DEALER front and back. PULL: PULL front, PUSH
 * back, N PULL handlers.</li>
 * <li>Worker protocols: N actors each running the protocol's worker behavior.</li>
 * </ul>
 */
public class ZmqListenerContainerFactory {

	private static final Set<SocketType> WORKER_TYPES = EnumSet.of(SocketType.REP, SocketType.PULL,
			SocketType.DEALER, SocketType.ROUTER);

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private final ZmqSocketFactory socketFactory;

	private final ZmqMessageConverters converters;

	private final Duration shutdownTimeout;

	private final ZmqListenerErrorHandler defaultErrorHandler;

	private final BeanFactory beanFactory;

	/**
	 * Creates the factory.
	 * @param socketFactory where sockets come from
	 * @param converters payload converters
	 * @param shutdownTimeout {@code zmq.shutdown-timeout}
	 * @param defaultErrorHandler the error handler of listeners that name none
	 * @param beanFactory where error handler and worker protocol beans are looked up
	 */
	public ZmqListenerContainerFactory(ZmqSocketFactory socketFactory, ZmqMessageConverters converters,
			Duration shutdownTimeout, ZmqListenerErrorHandler defaultErrorHandler, BeanFactory beanFactory) {
		this.socketFactory = socketFactory;
		this.converters = converters;
		this.shutdownTimeout = shutdownTimeout;
		this.defaultErrorHandler = defaultErrorHandler;
		this.beanFactory = beanFactory;
	}

	/**
	 * Validates the definition and creates its (not yet started) container.
	 * @param definition the listener
	 * @return the container
	 * @throws IllegalStateException naming the bean and method if the definition is invalid
	 */
	public ZmqListenerContainer createContainer(ZmqListenerDefinition definition) {
		String where = definition.annotation() + " method " + definition.source();
		if (definition.concurrency() < 1) {
			throw new IllegalStateException(where + ": concurrency must be at least 1 but was "
					+ definition.concurrency());
		}
		ZmqHandlerMethod handler = new ZmqHandlerMethod(definition.bean(), definition.method(), definition.source(),
				definition.annotation(), this.converters, definition.subscriber(), definition.topicParameter());
		ZmqListenerErrorHandler errorHandler = errorHandler(definition, where);
		if (definition.usesProtocol()) {
			return protocolContainer(definition, handler, errorHandler, where);
		}
		if (definition.subscriber()) {
			if (handler.hasResult()) {
				throw new IllegalStateException(where + " returns " + definition.method().getReturnType().getSimpleName()
						+ ", but a subscriber has nowhere to send it; declare it void");
			}
		}
		else {
			validateWorker(definition, handler, where);
		}
		boolean replies = !definition.subscriber() && definition.type() != SocketType.PULL;
		ZmqListenerSettings settings = new ZmqListenerSettings(definition.id(), handler, replies, definition.sendTo(),
				definition.deadLetter(), errorHandler, this.shutdownTimeout);
		Supplier<ZmqListenerTopology> topology = topology(definition, settings);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("method", definition.source());
		details.put("type", definition.type().name());
		if (!definition.topics().isEmpty()) {
			details.put("topics", definition.topics());
		}
		return new ZmqListenerContainer(definition, this.socketFactory, this.shutdownTimeout, topology, details);
	}

	private void validateWorker(ZmqListenerDefinition definition, ZmqHandlerMethod handler, String where) {
		SocketType type = definition.type();
		if (!WORKER_TYPES.contains(type)) {
			throw new IllegalStateException(where + ": type " + type + " is not a worker socket; use REP, PULL, DEALER"
					+ " or ROUTER (or @ZmqSubscriber for SUB)");
		}
		if (!definition.sendTo().isEmpty() && type != SocketType.PULL) {
			throw new IllegalStateException(where + ": sendTo is only for PULL workers; a " + type
					+ " worker replies to the requester with its return value");
		}
		if (type == SocketType.PULL && definition.sendTo().isEmpty() && handler.hasResult()) {
			throw new IllegalStateException(where + " returns " + definition.method().getReturnType().getSimpleName()
					+ ", but this PULL worker has no sendTo; set sendTo or declare it void");
		}
	}

	private ZmqListenerErrorHandler errorHandler(ZmqListenerDefinition definition, String where) {
		if (definition.errorHandler().isEmpty()) {
			return this.defaultErrorHandler;
		}
		try {
			return this.beanFactory.getBean(definition.errorHandler(), ZmqListenerErrorHandler.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new IllegalStateException(where + ": errorHandler '" + definition.errorHandler()
					+ "' is not a ZmqListenerErrorHandler bean: " + ex.getMessage(), ex);
		}
	}

	private Supplier<ZmqListenerTopology> topology(ZmqListenerDefinition definition, ZmqListenerSettings settings) {
		SocketType type = definition.type();
		List<ZmqEndpoint> endpoints = definition.endpoints();
		List<String> topics = definition.subscriber() ? definition.topics() : null;
		ZmqEnvelope envelope = definition.subscriber() ? ZmqEnvelope.topics(definition.topics()) : ZmqEnvelope.of(type);
		int concurrency = definition.concurrency();
		boolean bound = endpoints.stream().anyMatch(ZmqEndpoint::bind);
		if (concurrency == 1 || !bound) {
			return () -> {
				List<ZmqListenerActorBehavior> handlers = new ArrayList<>(concurrency);
				for (int i = 0; i < concurrency; i++) {
					handlers.add(new ZmqListenerBehavior(settings, type, endpoints, envelope, topics));
				}
				return new ZmqListenerTopology(null, handlers);
			};
		}
		SocketType front = (type == SocketType.REP) ? SocketType.ROUTER : type;
		SocketType back = (type == SocketType.PULL) ? SocketType.PUSH : SocketType.DEALER;
		SocketType handlerType = switch (type) {
			case REP -> SocketType.REP;
			case PULL -> SocketType.PULL;
			default -> SocketType.DEALER;
		};
		return () -> {
			String address = "inproc://zmq-listener-" + definition.id() + "-" + SEQUENCE.incrementAndGet() + "-workers";
			List<ZmqEndpoint> backend = List.of(ZmqEndpoint.connect(address));
			List<ZmqListenerActorBehavior> handlers = new ArrayList<>(concurrency);
			for (int i = 0; i < concurrency; i++) {
				handlers.add(new ZmqListenerBehavior(settings, handlerType, backend, envelope, null));
			}
			return new ZmqListenerTopology(new ZmqListenerRelay(front, endpoints, back, address), handlers);
		};
	}

	private ZmqListenerContainer protocolContainer(ZmqListenerDefinition definition, ZmqHandlerMethod handler,
			ZmqListenerErrorHandler errorHandler, String where) {
		ZmqWorkerProtocol protocol = protocol(definition.protocol(), where);
		List<ZmqWorkerDefinition> workers = new ArrayList<>();
		for (int i = 0; i < definition.concurrency(); i++) {
			ZmqWorkerDefinition worker = new ZmqWorkerDefinition(definition.id(), i, definition.endpoints(),
					definition.service(), definition.broker(), definition.source());
			protocol.validate(worker);
			workers.add(worker);
		}
		ZmqListenerSettings settings = new ZmqListenerSettings(definition.id(), handler, true, List.of(),
				definition.deadLetter(), errorHandler, this.shutdownTimeout);
		List<String> endpoints = new ArrayList<>();
		definition.endpoints().forEach((endpoint) -> endpoints.add(endpoint.toString()));
		if (!definition.broker().isEmpty()) {
			endpoints.add(definition.broker());
		}
		else if (!definition.service().isEmpty()
				&& this.beanFactory instanceof ConfigurableBeanFactory configurable) {
			// for the management view only: the Majordomo protocol itself resolves its default broker
			String broker = configurable.resolveEmbeddedValue("${zmq.majordomo.endpoint:}");
			if (broker != null && !broker.isEmpty()) {
				endpoints.add(broker);
			}
		}
		Supplier<ZmqListenerTopology> topology = () -> {
			List<ZmqListenerActorBehavior> handlers = new ArrayList<>();
			for (ZmqWorkerDefinition worker : workers) {
				ZmqProtocolWorkerBehavior behavior = new ZmqProtocolWorkerBehavior(settings, List.copyOf(endpoints));
				behavior.setDelegate(protocol.createWorker(worker, behavior));
				handlers.add(behavior);
			}
			return new ZmqListenerTopology(null, handlers);
		};
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("method", definition.source());
		details.put("protocol", definition.protocol());
		if (!definition.service().isEmpty()) {
			details.put("service", definition.service());
		}
		return new ZmqListenerContainer(definition, this.socketFactory, this.shutdownTimeout, topology, details);
	}

	private ZmqWorkerProtocol protocol(String name, String where) {
		List<ZmqWorkerProtocol> candidates = this.beanFactory.getBeanProvider(ZmqWorkerProtocol.class)
			.orderedStream()
			.toList();
		for (ZmqWorkerProtocol candidate : candidates) {
			if (name.equals(candidate.getName())) {
				return candidate;
			}
		}
		String known = candidates.isEmpty() ? "none"
				: candidates.stream().map(ZmqWorkerProtocol::getName).collect(Collectors.joining(", "));
		throw new IllegalStateException(where + ": no ZmqWorkerProtocol bean named '" + name + "' (available: " + known
				+ "). " + provider(name));
	}

	private static String provider(String name) {
		return switch (name) {
			case "majordomo" -> "The Majordomo worker protocol is provided by the Majordomo auto-configuration "
					+ "(dev.zmqspring.autoconfigure.ZmqMajordomoAutoConfiguration, package dev.zmqspring.majordomo); "
					+ "check that it is not excluded, and set zmq.majordomo.endpoint or @ZmqWorker(broker = ...).";
			case "paranoid-pirate", "load-balancing" -> "The '" + name + "' worker protocol is provided by the broker "
					+ "auto-configuration (dev.zmqspring.autoconfigure.ZmqBrokerAutoConfiguration, package "
					+ "dev.zmqspring.broker); check that it is not excluded.";
			default -> "Declare a ZmqWorkerProtocol bean whose getName() returns '" + name + "'.";
		};
	}

}
