package dev.zmqspring.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.util.StringUtils;
import org.springframework.validation.Validator;

import dev.zmqspring.support.ZmqEndpoint;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.listener.ZmqListenerDefinition;
import dev.zmqspring.listener.ZmqSlowSubscriberPolicy;
import dev.zmqspring.listener.ZmqListenerMethodException;
import dev.zmqspring.listener.ZmqListenerRegistry;

/**
 * Finds {@link ZmqSubscriber} and {@link ZmqWorker} methods on every bean and turns them into
 * listener containers, the way Spring for Apache Kafka's {@code KafkaListenerAnnotationBeanPostProcessor}
 * does for {@code @KafkaListener}.
 *
 * <p>Every string attribute is resolved first for {@code ${...}} placeholders (an unresolvable one
 * fails) and then as a {@code #{...}} SpEL expression; an expression may yield a string, a number, a
 * boolean, an array or a collection. Endpoints are parsed with the socket type's natural side. Any
 * mistake &mdash; a bad placeholder, a malformed endpoint, a parameter the container cannot supply,
 * {@code sendTo} on a REP worker, {@code concurrency < 1}, a duplicate id, a missing worker protocol
 * &mdash; fails the application at startup with a message naming the bean and method.
 *
 * <p>Containers are created once all singletons exist (so error handler and worker protocol beans
 * can be found) and registered in the {@link ZmqListenerRegistry}, which starts them. Before the
 * first, the {@link ZmqListenerConfigurer} beans are applied to the container factory (argument
 * resolvers, validator).
 */
public class ZmqListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, EnvironmentAware, SmartInitializingSingleton, Ordered {

	private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();

	private final List<ZmqListenerDefinition> definitions = new ArrayList<>();

	private BeanFactory beanFactory;

	private Environment environment;

	private BeanExpressionContext expressionContext;

	private volatile boolean initialized;

	/** The container factory the configurers were applied to (guarded by {@code definitions}). */
	private @Nullable ZmqListenerContainerFactory configured;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			this.expressionContext = new BeanExpressionContext(configurable, null);
		}
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.classesWithoutListeners.contains(targetClass)) {
			return bean;
		}
		Map<Method, ZmqSubscriber> subscribers = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<ZmqSubscriber>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, ZmqSubscriber.class));
		Map<Method, ZmqWorker> workers = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<ZmqWorker>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, ZmqWorker.class));
		if (subscribers.isEmpty() && workers.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
			return bean;
		}
		List<ZmqListenerDefinition> found = new ArrayList<>();
		subscribers.forEach((method, annotation) -> found.add(subscriber(bean, beanName, method, annotation)));
		workers.forEach((method, annotation) -> found.add(worker(bean, beanName, method, annotation)));
		synchronized (this.definitions) {
			if (this.initialized) {
				found.forEach(this::register); // a lazy bean created after startup
			}
			else {
				this.definitions.addAll(found);
			}
		}
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		synchronized (this.definitions) {
			this.initialized = true;
			this.definitions.forEach(this::register);
			this.definitions.clear();
		}
	}

	private void register(ZmqListenerDefinition definition) {
		ZmqListenerContainerFactory factory = this.beanFactory.getBean(ZmqListenerContainerFactory.class);
		if (this.configured != factory) {
			configure(factory);
			this.configured = factory;
		}
		ZmqListenerRegistry registry = this.beanFactory.getBean(ZmqListenerRegistry.class);
		registry.register(factory.createContainer(definition));
	}

	/**
	 * Applies the {@link ZmqListenerConfigurer} beans to the container factory, once, before its first
	 * listener.
	 */
	private void configure(ZmqListenerContainerFactory factory) {
		List<ZmqListenerConfigurer> configurers = this.beanFactory.getBeanProvider(ZmqListenerConfigurer.class)
			.orderedStream()
			.toList();
		if (configurers.isEmpty()) {
			return;
		}
		List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>(factory.getCustomArgumentResolvers());
		Validator validator = null;
		ZmqListenerConfigurer validatorSource = null;
		for (ZmqListenerConfigurer configurer : configurers) {
			configurer.configureArgumentResolvers(resolvers);
			Validator candidate = configurer.getValidator();
			if (candidate != null) {
				if (validator != null) {
					throw new IllegalStateException("Two ZmqListenerConfigurer beans return a Validator ("
							+ validatorSource.getClass().getName() + " and " + configurer.getClass().getName()
							+ "); at most one may");
				}
				validator = candidate;
				validatorSource = configurer;
			}
		}
		factory.setCustomArgumentResolvers(resolvers);
		if (validator != null) {
			factory.setValidator(validator);
		}
	}

	private ZmqListenerDefinition subscriber(Object bean, String beanName, Method method, ZmqSubscriber annotation) {
		Attributes attributes = new Attributes("@ZmqSubscriber", beanName, method);
		List<ZmqEndpoint> endpoints = attributes.endpoints("endpoints", annotation.endpoints(), SocketType.SUB, true);
		List<String> topics = attributes.strings("topics", annotation.topics());
		boolean autoStartup = attributes.bool("autoStartup", annotation.autoStartup());
		String id = attributes.id(annotation.id());
		String errorHandler = attributes.string("errorHandler", annotation.errorHandler());
		List<ZmqEndpoint> deadLetter = attributes.optionalEndpoints("deadLetter", annotation.deadLetter(),
				SocketType.PUSH);
		int concurrency = attributes.integer("concurrency", annotation.concurrency());
		return new ZmqListenerDefinition(id, true, bean, invocable(bean, method), attributes.source, SocketType.SUB,
				endpoints, topics, topicParameter(method, "@ZmqSubscriber", attributes.source, true), List.of(), concurrency, autoStartup, errorHandler, deadLetter, "", "", "", false,
				List.of(endpoints), slowSubscriber(attributes, annotation), attributes.string("security", annotation.security()));
	}

	private static @Nullable ZmqSlowSubscriberPolicy slowSubscriber(Attributes attributes, ZmqSubscriber annotation) {
		String maxLag = attributes.string("maxLag", annotation.maxLag());
		if (maxLag.isEmpty()) {
			return null;
		}
		Duration lag;
		try {
			lag = DurationFormatterUtils.detectAndParse(maxLag);
		}
		catch (RuntimeException ex) {
			throw attributes.failure("maxLag", "'" + maxLag + "' is not a duration (e.g. 500ms, 2s)", ex);
		}
		if (lag.isNegative() || lag.isZero()) {
			throw attributes.failure("maxLag", "must be positive but was " + maxLag);
		}
		String policy = attributes.string("lagPolicy", annotation.lagPolicy());
		ZmqSlowSubscriberPolicy.Action action;
		try {
			action = ZmqSlowSubscriberPolicy.Action.valueOf(policy.trim().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw attributes.failure("lagPolicy", "'" + policy + "' is not one of log, stop, fail", ex);
		}
		return new ZmqSlowSubscriberPolicy(lag, action);
	}

	private ZmqListenerDefinition worker(Object bean, String beanName, Method method, ZmqWorker annotation) {
		Attributes attributes = new Attributes("@ZmqWorker", beanName, method);
		String service = attributes.string("service", annotation.service());
		String protocol = attributes.string("protocol", annotation.protocol());
		if (!service.isEmpty()) {
			if (!protocol.isEmpty() && !"majordomo".equals(protocol)) {
				throw attributes.failure("service", "a service implies protocol 'majordomo' but protocol is '"
						+ protocol + "'");
			}
			protocol = "majordomo";
		}
		// empty: the Majordomo protocol falls back to zmq.majordomo.endpoint (and names it in errors)
		String broker = attributes.string("broker", annotation.broker());
		// protocol workers connect out to a broker, except Freelance servers (brokerless, a bound ROUTER);
		// plain workers take their type's natural side
		SocketType endpointType = protocol.isEmpty() ? annotation.type()
				: "freelance".equals(protocol) ? SocketType.ROUTER : SocketType.DEALER;
		// a protocol worker may name a pair of queues (a|b): it fails over between them (Binary Star)
		List<List<ZmqEndpoint>> servers = protocol.isEmpty()
				? null : attributes.servers("endpoints", annotation.endpoints(), endpointType);
		List<ZmqEndpoint> endpoints = (servers != null) ? servers.stream().flatMap(List::stream).toList()
				: attributes.endpoints("endpoints", annotation.endpoints(), endpointType, protocol.isEmpty());
		List<ZmqEndpoint> sendTo = attributes.optionalEndpoints("sendTo", annotation.sendTo(), SocketType.PUSH);
		int concurrency = attributes.integer("concurrency", annotation.concurrency());
		boolean autoStartup = attributes.bool("autoStartup", annotation.autoStartup());
		String id = attributes.id(annotation.id());
		String errorHandler = attributes.string("errorHandler", annotation.errorHandler());
		List<ZmqEndpoint> deadLetter = attributes.optionalEndpoints("deadLetter", annotation.deadLetter(),
				SocketType.PUSH);
		return new ZmqListenerDefinition(id, false, bean, invocable(bean, method), attributes.source, annotation.type(),
				endpoints, List.of(), topicParameter(method, "@ZmqWorker", attributes.source, false), sendTo, concurrency, autoStartup, errorHandler, deadLetter, protocol, service,
				broker, attributes.bool("binaryStar", annotation.binaryStar()),
				(servers != null) ? servers : (endpoints.isEmpty() ? List.of() : List.of(endpoints)), null,
				attributes.string("security", annotation.security()));
	}

	/**
	 * Finds the {@code @ZmqTopic} parameter of a handler method.
	 * @return its index, or {@code -1}
	 * @throws IllegalStateException naming the method and parameter if it is misplaced
	 */
	private static int topicParameter(Method method, String annotation, String source, boolean subscriber) {
		Parameter[] parameters = method.getParameters();
		int found = -1;
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			if (!parameter.isAnnotationPresent(ZmqTopic.class)) {
				continue;
			}
			String where = annotation + " method " + source + ": parameter " + (i + 1) + " ("
					+ parameter.getType().getSimpleName() + " " + parameter.getName() + ")";
			if (!subscriber) {
				throw new ZmqListenerMethodException(source, where + " is @ZmqTopic, which only @ZmqSubscriber methods can have");
			}
			if (parameter.getType() != String.class) {
				throw new ZmqListenerMethodException(source, where + " is @ZmqTopic and must be a String");
			}
			if (found >= 0) {
				throw new ZmqListenerMethodException(source, where + " is a second @ZmqTopic parameter");
			}
			found = i;
		}
		return found;
	}

	private static Method invocable(Object bean, Method method) {
		return AopUtils.selectInvocableMethod(method, bean.getClass());
	}

	/**
	 * Resolves one value: placeholders first (strictly), then SpEL.
	 * @param value the attribute text
	 * @return a String, Number, Boolean, array or collection
	 */
	private Object resolve(String value) {
		String resolved = value;
		if (this.beanFactory instanceof ConfigurableBeanFactory configurable) {
			resolved = configurable.resolveEmbeddedValue(value);
		}
		if (resolved != null && resolved.contains("${") && this.environment != null) {
			resolved = this.environment.resolveRequiredPlaceholders(resolved);
		}
		if (resolved != null && resolved.contains("#{") && this.beanFactory instanceof ConfigurableBeanFactory configurable) {
			BeanExpressionResolver resolver = configurable.getBeanExpressionResolver();
			if (resolver != null) {
				return resolver.evaluate(resolved, this.expressionContext);
			}
		}
		return resolved;
	}

	/** Attribute resolution for one annotated method, with error messages naming it. */
	private final class Attributes {

		private final String annotation;

		private final String source;

		Attributes(String annotation, String beanName, Method method) {
			this.annotation = annotation;
			this.source = beanName + "." + method.getName();
		}

		ZmqListenerMethodException failure(String attribute, String message) {
			return failure(attribute, message, null);
		}

		ZmqListenerMethodException failure(String attribute, String message, @Nullable Throwable cause) {
			return new ZmqListenerMethodException(this.source, this.annotation + " method " + this.source + ": attribute '" + attribute
					+ "': " + message, cause);
		}

		List<String> strings(String attribute, String[] values) {
			List<String> result = new ArrayList<>();
			for (String value : values) {
				flatten(attribute, value, result);
			}
			return List.copyOf(result);
		}

		private void flatten(String attribute, String value, List<String> into) {
			Object resolved;
			try {
				resolved = resolve(value);
			}
			catch (RuntimeException ex) {
				throw failure(attribute, ex.getMessage(), ex);
			}
			add(resolved, into);
		}

		private void add(Object resolved, List<String> into) {
			if (resolved == null) {
				return;
			}
			if (resolved instanceof Object[] array) {
				for (Object element : array) {
					add(element, into);
				}
			}
			else if (resolved instanceof Collection<?> collection) {
				for (Object element : collection) {
					add(element, into);
				}
			}
			else {
				into.add(resolved.toString());
			}
		}

		String string(String attribute, String value) {
			List<String> values = strings(attribute, new String[] { value });
			if (values.size() > 1) {
				throw failure(attribute, "expected one value but got " + values);
			}
			return values.isEmpty() ? "" : values.get(0).trim();
		}

		int integer(String attribute, String value) {
			String text = string(attribute, value);
			try {
				return Integer.parseInt(text);
			}
			catch (NumberFormatException ex) {
				throw failure(attribute, "'" + text + "' is not a number");
			}
		}

		boolean bool(String attribute, String value) {
			String text = string(attribute, value);
			if ("true".equalsIgnoreCase(text)) {
				return true;
			}
			if ("false".equalsIgnoreCase(text)) {
				return false;
			}
			throw failure(attribute, "'" + text + "' is neither true nor false");
		}

		String id(String value) {
			String id = string("id", value);
			return id.isEmpty() ? this.source : id;
		}

		List<ZmqEndpoint> endpoints(String attribute, String[] values, SocketType type, boolean required) {
			List<String> texts = strings(attribute, values).stream().filter(StringUtils::hasText).toList();
			if (texts.isEmpty()) {
				if (required) {
					throw failure(attribute, "no endpoint given");
				}
				return List.of();
			}
			return ZmqEndpoint.parseAll(texts.toArray(String[]::new), type, this.source);
		}

		/** Endpoints by server: one text may name a pair ({@code a|b}); none given is an empty list. */
		List<List<ZmqEndpoint>> servers(String attribute, String[] values, SocketType type) {
			List<String> texts = strings(attribute, values).stream().filter(StringUtils::hasText).toList();
			if (texts.size() == 1 && texts.get(0).contains(ZmqEndpoint.SERVER_SEPARATOR)) {
				return ZmqEndpoint.parseServers(texts.get(0), type, this.source);
			}
			List<ZmqEndpoint> endpoints = endpoints(attribute, values, type, false);
			return endpoints.isEmpty() ? List.of() : List.of(endpoints);
		}

		List<ZmqEndpoint> optionalEndpoints(String attribute, String value, SocketType type) {
			return endpoints(attribute, new String[] { value }, type, false);
		}

	}

}
