package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.unit.DataSize;

import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * The one registration path for intermediaries declared in properties (Guide ch.2 "Intermediaries
 * and Proxies", ch.3 brokers, ch.4 Paranoid Pirate queue and Majordomo): reads the entries under
 * {@code zmq.proxies.*} or {@code zmq.brokers.*} while bean definitions are registered, lets the
 * subclass check each entry (failing with the offending property named) and registers one
 * infrastructure bean per entry, its constructor autowired for the remaining arguments (the socket
 * factory) and its {@code autoStartup} and {@code healthEnabled} flags set from the entry.
 * @param <P> the bound properties of one entry
 */
abstract class ZmqIntermediaryRegistrar<P>
		implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

	private Environment environment;

	private BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Settings settings = new Settings(ZmqIntermediaries.shutdownTimeout(this.environment),
				ZmqIntermediaries.maxMessageSize(this.environment));
		for (Map.Entry<String, P> entry : entries(this.environment).entrySet()) {
			Registration registration = registration(entry.getKey(), entry.getValue(), settings);
			if (registration == null) {
				continue;
			}
			RootBeanDefinition bean = definition(registration);
			if (registration.binaryStar()) {
				requireBinaryStar(registration.source());
				bean.getPropertyValues().add("gate", new RuntimeBeanReference(ZmqBinaryStarAutoConfiguration.GATE_BEAN));
			}
			customize(entry.getKey(), entry.getValue(), bean);
			bean.getPropertyValues().add("autoStartup", registration.autoStartup());
			bean.getPropertyValues().add("healthEnabled", registration.health());
			bean.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(registration.beanName(), bean);
		}
	}

	/** A proxy or broker gated by a pair needs the pair. */
	private void requireBinaryStar(String source) {
		if (!this.environment.containsProperty("zmq.binary-star.role")) {
			throw new InvalidConfigurationPropertyValueException(source + ".binary-star", true,
					"needs a Binary Star pair: set zmq.binary-star.role (primary or backup), local and remote");
		}
	}

	@SuppressWarnings("unchecked")
	private RootBeanDefinition definition(Registration registration) {
		if (registration.creator() != null) {
			BeanFactory factory = this.beanFactory;
			Function<BeanFactory, Object> creator = (Function<BeanFactory, Object>) registration.creator();
			return new RootBeanDefinition((Class<Object>) registration.type(), () -> creator.apply(factory));
		}
		RootBeanDefinition bean = new RootBeanDefinition(registration.type());
		bean.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		ConstructorArgumentValues arguments = bean.getConstructorArgumentValues();
		registration.arguments().forEach(arguments::addIndexedArgumentValue);
		return bean;
	}

	/**
	 * Adjusts the bean definition of an entry (e.g. its sockets' security); nothing by default.
	 * @param name the entry name
	 * @param properties the entry
	 * @param bean the definition about to be registered
	 */
	void customize(String name, P properties, RootBeanDefinition bean) {
	}

	/**
	 * An inner bean that is the named security profile (RFC 26/27), looked up when the entry's bean is
	 * created, so an unknown name is that bean's creation failure, naming the property.
	 * @param profile the profile name
	 * @param key the property key, for the message
	 * @return the definition, or {@code null} for an empty name
	 */
	BeanDefinition security(String profile, String key) {
		if (profile == null || profile.isBlank()) {
			return null;
		}
		BeanFactory factory = this.beanFactory;
		return new RootBeanDefinition(ZmqSecurity.class, () -> ZmqAutoConfiguration
			.secured(factory.getBean(ZmqSocketFactory.class), profile, key, factory.getBeanProvider(ZmqSecurityProfiles.class))
			.getOptions()
			.security());
	}

	/**
	 * An inner bean that is the application's socket factory secured with the named profile.
	 * @param profile the profile name
	 * @param key the property key, for the message
	 * @return the definition, or {@code null} for an empty name
	 */
	BeanDefinition securedFactory(String profile, String key) {
		if (profile == null || profile.isBlank()) {
			return null;
		}
		BeanFactory factory = this.beanFactory;
		return new RootBeanDefinition(ZmqSocketFactory.class, () -> ZmqAutoConfiguration
			.secured(factory.getBean(ZmqSocketFactory.class), profile, key, factory.getBeanProvider(ZmqSecurityProfiles.class)));
	}

	/**
	 * The profile of the sockets a component connects to its peers, as a bean resolved when the
	 * component is created ({@link ZmqAutoConfiguration#peerProfile}); checked now, since a peer
	 * profile is required once the bound side is secured.
	 * @param security the profile name of the bound sockets
	 * @param peerSecurity the profile name of the sockets to the peers
	 * @param securityKey the property key of the first, for the message
	 * @param peerKey the property key of the second, for the message
	 * @return the bean, or {@code null} when neither is set
	 */
	@Nullable BeanDefinition peerSecurity(String security, String peerSecurity, String securityKey, String peerKey) {
		boolean secured = security != null && !security.isBlank();
		boolean peerSecured = peerSecurity != null && !peerSecurity.isBlank();
		if (!secured && !peerSecured) {
			return null;
		}
		if (!peerSecured) {
			throw ZmqAutoConfiguration.peerSecurityRequired(securityKey, peerKey);
		}
		BeanFactory factory = this.beanFactory;
		return new RootBeanDefinition(ZmqSecurity.class, () -> ZmqAutoConfiguration.profile(peerSecurity, peerKey,
				factory.getBeanProvider(ZmqSecurityProfiles.class)));
	}

	/**
	 * The entries to register, by name.
	 * @param environment the environment
	 * @return the bound entries
	 */
	abstract Map<String, P> entries(Environment environment);

	/**
	 * Checks an entry and describes its bean.
	 * @param name the entry name
	 * @param properties the entry
	 * @param settings the global settings that apply to every entry
	 * @return the bean to register, or {@code null} if another registrar handles this entry
	 */
	abstract Registration registration(String name, P properties, Settings settings);

	/**
	 * Global settings read once per registration pass.
	 * @param shutdownTimeout {@code zmq.shutdown-timeout}
	 * @param maxMessageSize {@code zmq.max-message-size} (negative when unset)
	 */
	record Settings(Duration shutdownTimeout, DataSize maxMessageSize) {
	}

	/**
	 * One bean to register: either constructed with some constructor arguments given (the others
	 * autowired), or created by a function when the bean is created (so a failure in it is reported
	 * as the bean's creation failure).
	 * @param beanName the bean name, such as {@code zmqProxy.<name>}
	 * @param type the bean class
	 * @param arguments constructor arguments by index; the others are autowired
	 * @param creator creates the bean from the bean factory, or {@code null} to construct it
	 * @param autoStartup whether the bean starts with the application
	 * @param health whether the bean contributes to health
	 * @param source the entry's property prefix, for messages
	 * @param binaryStar whether the Binary Star pair gates the bean
	 */
	record Registration(String beanName, Class<?> type, Map<Integer, Object> arguments,
			Function<BeanFactory, ?> creator, boolean autoStartup, boolean health, String source, boolean binaryStar) {

		Registration(String beanName, Class<?> type, Map<Integer, Object> arguments, boolean autoStartup,
				boolean health) {
			this(beanName, type, arguments, null, autoStartup, health, beanName, false);
		}

		Registration(String beanName, Class<?> type, Function<BeanFactory, ?> creator, boolean autoStartup,
				boolean health) {
			this(beanName, type, Map.of(), creator, autoStartup, health, beanName, false);
		}

		/**
		 * The same bean, gated by the Binary Star pair when {@code gated}.
		 * @param source the entry's property prefix, e.g. {@code zmq.brokers.orders}
		 * @param gated the entry's {@code binary-star} value
		 * @return the registration
		 */
		Registration binaryStar(String source, boolean gated) {
			return new Registration(this.beanName, this.type, this.arguments, this.creator, this.autoStartup, this.health,
					source, gated);
		}

	}

}
