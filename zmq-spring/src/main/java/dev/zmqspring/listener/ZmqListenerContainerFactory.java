package dev.zmqspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Validator;

import dev.zmqspring.observation.ZmqReceiverObservations;
import dev.zmqspring.security.ZmqSecurityException;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.support.ZmqGate;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Validates a {@link ZmqListenerDefinition} and builds its {@link ZmqListenerContainer}: which
 * sockets, how many actors, and whether a front relay is needed. Every misconfiguration fails here,
 * at startup, with a message naming the bean and method.
 *
 * <p>Concurrency models (docs/listeners.md, "Concurrency models"):
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
public class ZmqListenerContainerFactory implements ApplicationEventPublisherAware {

	private ZmqGate binaryStarGate;


	private static final Set<SocketType> WORKER_TYPES = EnumSet.of(SocketType.REP, SocketType.PULL,
			SocketType.DEALER, SocketType.ROUTER);

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	/** The name of Spring Boot's validator bean, chosen when the application has several. */
	private static final String DEFAULT_VALIDATOR = "defaultValidator";

	private final ZmqSocketFactory socketFactory;

	private ZmqSecurityProfiles securityProfiles;

	private String serviceSecurity = "";

	private final ZmqMessageConverters converters;

	private final Duration shutdownTimeout;

	private ZmqListenerErrorHandler defaultErrorHandler;

	private @Nullable String defaultServiceBroker;

	private Function<String, String> missingProtocolAdvice = ZmqListenerContainerFactory::declareProtocolBean;

	private final BeanFactory beanFactory;

	private @Nullable ZmqReceiverObservations observations;

	private boolean traceContextAccepted;

	private @Nullable ApplicationEventPublisher eventPublisher;

	private List<HandlerMethodArgumentResolver> customArgumentResolvers = List.of();

	private @Nullable Validator validator;

	private volatile @Nullable ZmqHandlerMethodArguments arguments;

	/**
	 * Creates the factory.
	 * @param socketFactory where sockets come from
	 * @param converters payload converters
	 * @param shutdownTimeout how long stopping a listener may take
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
	 * Replaces the error handler of listeners that name none.
	 * @param defaultErrorHandler the handler
	 */
	public void setDefaultErrorHandler(ZmqListenerErrorHandler defaultErrorHandler) {
		this.defaultErrorHandler = defaultErrorHandler;
	}

	/**
	 * The error handler of listeners that name none.
	 * @return the handler
	 */
	public ZmqListenerErrorHandler getDefaultErrorHandler() {
		return this.defaultErrorHandler;
	}

	/**
	 * Sets the broker that {@code @ZmqWorker(service = ...)} workers without a {@code broker} are
	 * shown with in the management view when their protocol does not say
	 * ({@link ZmqWorkerProtocol#defaultEndpoints}).
	 * @param defaultServiceBroker the endpoint(s), may be {@code null}
	 */
	public void setDefaultServiceBroker(@Nullable String defaultServiceBroker) {
		this.defaultServiceBroker = (defaultServiceBroker == null || defaultServiceBroker.isBlank()) ? null
				: defaultServiceBroker;
	}

	/**
	 * Sets what the error for a missing worker protocol advises, by protocol name: an application
	 * framework can say which of its parts provides each protocol. By default it advises declaring a
	 * {@link ZmqWorkerProtocol} bean of that name.
	 * @param missingProtocolAdvice the advice for a protocol name
	 */
	public void setMissingProtocolAdvice(Function<String, String> missingProtocolAdvice) {
		this.missingProtocolAdvice = missingProtocolAdvice;
	}

	/**
	 * Makes the listeners created from now on observe each invocation ({@code zmq.process}, Micrometer
	 * Observation).
	 * @param observations the registry and convention, or {@code null} for no observation (the default)
	 */
	public void setObservations(@Nullable ZmqReceiverObservations observations) {
		this.observations = observations;
	}

	/**
	 * Makes the listeners created from now on remove a trailing trace-context frame
	 * ({@link dev.zmqspring.observation.ZmqTraceContext}) from each message before the method sees it,
	 * and continue its trace when observing. Off by default: a message is then passed on as received.
	 * @param traceContextAccepted whether trace-context frames are read
	 */
	public void setTraceContextAccepted(boolean traceContextAccepted) {
		this.traceContextAccepted = traceContextAccepted;
	}

	/**
	 * Where listeners publish their events ({@link ZmqSlowSubscriberEvent}); set by the application
	 * context when the factory is a bean.
	 * @param eventPublisher the publisher
	 */
	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Validates the definition and creates its (not yet started) container.
	 * @param definition the listener
	 * @return the container
	 * @throws IllegalStateException naming the bean and method if the definition is invalid
	 */
	public ZmqListenerContainer createContainer(ZmqListenerDefinition definition) {
		String where = definition.annotation() + " method " + definition.source();
		ZmqSocketFactory sockets = socketFactory(definition, where);
		if (definition.concurrency() < 1) {
			throw new ZmqListenerMethodException(definition.source(), where + ": concurrency must be at least 1 but was "
					+ definition.concurrency());
		}
		ZmqHandlerMethod handler = new ZmqHandlerMethod(definition.bean(), definition.method(), definition.source(),
				definition.annotation(), this.converters, definition.subscriber(), definition.topicParameter(),
				arguments(), headers(definition));
		ZmqListenerErrorHandler errorHandler = errorHandler(definition, where);
		if (definition.binaryStar()) {
			checkBinaryStar(definition, where);
		}
		if (definition.usesProtocol()) {
			return protocolContainer(definition, handler, errorHandler, where, sockets);
		}
		if (definition.subscriber()) {
			if (handler.hasResult()) {
				throw new ZmqListenerMethodException(definition.source(), where + " returns " + definition.method().getReturnType().getSimpleName()
						+ ", but a subscriber has nowhere to send it; declare it void");
			}
		}
		else {
			validateWorker(definition, handler, where);
		}
		boolean replies = !definition.subscriber() && definition.type() != SocketType.PULL;
		ZmqListenerSettings settings = new ZmqListenerSettings(definition.id(), handler, replies, definition.sendTo(),
				definition.deadLetter(), errorHandler, this.shutdownTimeout, definition.type().name(), this.observations,
				this.traceContextAccepted, definition.slowSubscriber(), this.eventPublisher);
		Supplier<ZmqListenerTopology> topology = topology(definition, settings);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("method", definition.source());
		details.put("type", definition.type().name());
		if (!definition.topics().isEmpty()) {
			details.put("topics", definition.topics());
		}
		return new ZmqListenerContainer(definition, sockets, this.shutdownTimeout, topology, details);
	}

	/**
	 * Adds resolvers for parameters of the application's own kinds, asked after the {@code @Header},
	 * {@code @Headers} and {@code Message} ones and before {@code @Payload}, as in spring-messaging's
	 * {@code DefaultMessageHandlerMethodFactory}. Applies to listeners created from now on.
	 * @param resolvers the resolvers, in order
	 */
	public void setCustomArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		this.customArgumentResolvers = List.copyOf(resolvers);
		this.arguments = null;
	}

	/**
	 * The resolvers for parameters of the application's own kinds.
	 * @return the resolvers, in order (empty by default)
	 */
	public List<HandlerMethodArgumentResolver> getCustomArgumentResolvers() {
		return this.customArgumentResolvers;
	}

	/**
	 * Sets the validator of {@code @Valid} / {@code @Validated} listener parameters. Without one, the
	 * application's {@link Validator} bean is used: the only one, the {@code @Primary} one, or the one
	 * named {@code defaultValidator} (Spring Boot's, with a Bean Validation provider on the class
	 * path). Applies to listeners created from now on.
	 * @param validator the validator, or {@code null} to use the application's
	 */
	public void setValidator(@Nullable Validator validator) {
		this.validator = validator;
		this.arguments = null;
	}

	private ZmqHandlerMethodArguments arguments() {
		ZmqHandlerMethodArguments arguments = this.arguments;
		if (arguments == null) {
			arguments = new ZmqHandlerMethodArguments(this.converters, this.customArgumentResolvers,
					this::applicationValidator,
					(this.beanFactory instanceof ConfigurableBeanFactory configurable) ? configurable : null);
			this.arguments = arguments;
		}
		return arguments;
	}

	private @Nullable Validator applicationValidator() {
		if (this.validator != null) {
			return this.validator;
		}
		if (this.beanFactory == null) {
			return null;
		}
		Validator unique = this.beanFactory.getBeanProvider(Validator.class).getIfUnique();
		if (unique != null) {
			return unique;
		}
		if (this.beanFactory.containsBean(DEFAULT_VALIDATOR) && this.beanFactory.isTypeMatch(DEFAULT_VALIDATOR, Validator.class)) {
			return this.beanFactory.getBean(DEFAULT_VALIDATOR, Validator.class);
		}
		return null;
	}

	private ZmqListenerHeaders headers(ZmqListenerDefinition definition) {
		boolean plain = !definition.usesProtocol() && !definition.subscriber();
		SocketType type = definition.type();
		return new ZmqListenerHeaders(definition.subscriber(), plain && type == SocketType.ROUTER,
				plain && (type == SocketType.ROUTER || type == SocketType.DEALER),
				definition.service().isEmpty() ? null : definition.service(), this.traceContextAccepted);
	}

	private void validateWorker(ZmqListenerDefinition definition, ZmqHandlerMethod handler, String where) {
		SocketType type = definition.type();
		if (!WORKER_TYPES.contains(type)) {
			throw new ZmqListenerMethodException(definition.source(), where + ": type " + type + " is not a worker socket; use REP, PULL, DEALER"
					+ " or ROUTER (or @ZmqSubscriber for SUB)");
		}
		if (!definition.sendTo().isEmpty() && type != SocketType.PULL) {
			throw new ZmqListenerMethodException(definition.source(), where + ": sendTo is only for PULL workers; a " + type
					+ " worker replies to the requester with its return value");
		}
		if (type == SocketType.PULL && definition.sendTo().isEmpty() && handler.hasResult()) {
			throw new ZmqListenerMethodException(definition.source(), where + " returns " + definition.method().getReturnType().getSimpleName()
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
			throw new ZmqListenerMethodException(definition.source(), where + ": errorHandler '" + definition.errorHandler()
					+ "' is not a ZmqListenerErrorHandler bean: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The security profiles that {@code security = "<name>"} refers to (RFC 26/27).
	 * @param profiles the application's profiles, or {@code null} for none
	 */
	public void setSecurityProfiles(ZmqSecurityProfiles profiles) {
		this.securityProfiles = profiles;
	}

	/**
	 * The security profile of Majordomo service workers that name none themselves
	 * ({@code zmq.majordomo.security}).
	 * @param profile the profile name, or empty for none
	 */
	public void setServiceSecurity(String profile) {
		this.serviceSecurity = (profile != null) ? profile.trim() : "";
	}

	private ZmqSocketFactory socketFactory(ZmqListenerDefinition definition, String where) {
		String profile = definition.security();
		if (profile.isEmpty() && !definition.service().isEmpty()) {
			profile = this.serviceSecurity;
		}
		if (profile.isEmpty()) {
			return this.socketFactory;
		}
		if (this.securityProfiles == null) {
			throw new ZmqListenerMethodException(definition.source(), where + ": security '" + profile
					+ "' needs zmq.security.profiles." + profile);
		}
		try {
			return this.securityProfiles.secure(this.socketFactory, profile, where);
		}
		catch (ZmqSecurityException ex) {
			throw new ZmqListenerMethodException(definition.source(), ex.getMessage(), ex);
		}
	}

	/**
	 * The gate of {@code @ZmqWorker(binaryStar = "true")} servers: the application's Binary Star pair
	 * (Guide ch.4 "High-Availability Pair").
	 * @param gate the pair's gate, or {@code null} when there is no pair
	 */
	public void setBinaryStarGate(ZmqGate gate) {
		this.binaryStarGate = gate;
	}

	private void checkBinaryStar(ZmqListenerDefinition definition, String where) {
		if (this.binaryStarGate == null) {
			throw new ZmqListenerMethodException(definition.source(), where
					+ ": binaryStar is true, but the application has no Binary Star pair to gate it with");
		}
		if (definition.usesProtocol() || (definition.type() != SocketType.REP && definition.type() != SocketType.ROUTER)) {
			throw new ZmqListenerMethodException(definition.source(), where
					+ ": binaryStar gates REP and ROUTER servers only, not " + (definition.usesProtocol()
							? "protocol '" + definition.protocol() + "' workers" : definition.type() + " listeners"));
		}
		if (definition.endpoints().stream().noneMatch(ZmqEndpoint::bind)) {
			throw new ZmqListenerMethodException(definition.source(), where
					+ ": binaryStar needs a bound endpoint, the one the pair's clients connect to");
		}
	}

	private Supplier<ZmqListenerTopology> topology(ZmqListenerDefinition definition, ZmqListenerSettings settings) {
		SocketType type = definition.type();
		List<ZmqEndpoint> endpoints = definition.endpoints();
		List<String> topics = definition.subscriber() ? definition.topics() : null;
		ZmqEnvelope envelope = definition.subscriber() ? ZmqEnvelope.topics(definition.topics()) : ZmqEnvelope.of(type);
		int concurrency = definition.concurrency();
		boolean bound = endpoints.stream().anyMatch(ZmqEndpoint::bind);
		ZmqGate gate = definition.binaryStar() ? this.binaryStarGate : null;
		if (definition.subscriber() && concurrency > 1) {
			// the black box of Guide ch.5: one SUB reader sharding by topic to the handler actors
			return () -> {
				String prefix = "inproc://zmq-subscriber-" + definition.id() + "-" + SEQUENCE.incrementAndGet() + "-shard-";
				List<String> addresses = new ArrayList<>(concurrency);
				List<ZmqListenerActorBehavior> handlers = new ArrayList<>(concurrency);
				for (int i = 0; i < concurrency; i++) {
					addresses.add(prefix + i);
					handlers.add(new ZmqListenerBehavior(settings, SocketType.PULL,
							List.of(ZmqEndpoint.connect(prefix + i)), envelope, null));
				}
				return new ZmqListenerTopology(new ZmqTopicShardRelay(endpoints, topics, addresses), handlers);
			};
		}
		if (gate == null && (concurrency == 1 || !bound)) {
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
			return new ZmqListenerTopology(new ZmqListenerRelay(front, endpoints, back, address, gate), handlers);
		};
	}

	private ZmqListenerContainer protocolContainer(ZmqListenerDefinition definition, ZmqHandlerMethod handler,
			ZmqListenerErrorHandler errorHandler, String where, ZmqSocketFactory sockets) {
		ZmqWorkerProtocol protocol = protocol(definition, where);
		List<ZmqWorkerDefinition> workers = new ArrayList<>();
		for (int i = 0; i < definition.concurrency(); i++) {
			ZmqWorkerDefinition worker = new ZmqWorkerDefinition(definition.id(), i, definition.endpoints(),
					definition.service(), definition.broker(), definition.source(), definition.servers());
			protocol.validate(worker);
			workers.add(worker);
		}
		ZmqListenerSettings settings = new ZmqListenerSettings(definition.id(), handler, true, List.of(),
				definition.deadLetter(), errorHandler, this.shutdownTimeout, definition.protocol(), this.observations,
				this.traceContextAccepted, null, null);
		List<String> endpoints = new ArrayList<>();
		definition.endpoints().forEach((endpoint) -> endpoints.add(endpoint.toString()));
		if (!definition.broker().isEmpty()) {
			endpoints.add(definition.broker());
		}
		else if (!definition.service().isEmpty() && !workers.isEmpty()) {
			// for the management view only: the protocol itself resolves its default broker
			List<String> defaults = protocol.defaultEndpoints(workers.get(0));
			if (defaults.isEmpty() && this.defaultServiceBroker != null) {
				endpoints.add(this.defaultServiceBroker);
			}
			else {
				endpoints.addAll(defaults);
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
		// the protocol as users name it in @ZmqWorker(protocol): what this worker is, as a socket type is for others
		details.put("type", definition.protocol());
		details.put("protocol", definition.protocol());
		if (!definition.service().isEmpty()) {
			details.put("service", definition.service());
		}
		return new ZmqListenerContainer(definition, sockets, this.shutdownTimeout, topology, details);
	}

	private ZmqWorkerProtocol protocol(ZmqListenerDefinition definition, String where) {
		String name = definition.protocol();
		List<ZmqWorkerProtocol> candidates = this.beanFactory.getBeanProvider(ZmqWorkerProtocol.class)
			.orderedStream()
			.toList();
		for (ZmqWorkerProtocol candidate : candidates) {
			if (name.equals(candidate.getName())) {
				return candidate;
			}
		}
		List<String> available = candidates.stream().map(ZmqWorkerProtocol::getName).toList();
		String known = available.isEmpty() ? "none" : String.join(", ", available);
		throw new ZmqWorkerProtocolNotFoundException(definition.source(), name, available, where
				+ ": no ZmqWorkerProtocol bean named '" + name + "' (available: " + known + "). "
				+ this.missingProtocolAdvice.apply(name));
	}

	private static String declareProtocolBean(String name) {
		return "Declare a ZmqWorkerProtocol bean whose getName() returns '" + name + "'.";
	}

}
