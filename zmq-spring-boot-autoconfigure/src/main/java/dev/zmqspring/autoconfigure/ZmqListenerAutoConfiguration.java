package dev.zmqspring.autoconfigure;

import org.zeromq.ZContext;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.observation.ZmqReceiverObservationConvention;
import dev.zmqspring.annotation.ZmqListenerAnnotationBeanPostProcessor;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.listener.LoggingZmqListenerErrorHandler;
import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqListenerRegistry;

/**
 * Auto-configuration of annotation-driven listeners ({@code @ZmqSubscriber}, {@code @ZmqWorker}):
 * the bean post-processor that finds them, the container factory that validates and builds them
 * (Guide ch.1-2 patterns on the actor engine), and the {@link ZmqListenerRegistry} that runs them
 * with the application's life cycle. Each bean backs off when the application defines its own. The
 * default error handler of listeners is the application's {@link ZmqListenerErrorHandler} bean when
 * there is exactly one (or one is {@code @Primary}), else a logging one; the factory is then passed
 * to the {@link ZmqListenerContainerFactoryCustomizer} beans.
 */
@AutoConfiguration(after = { ZmqAutoConfiguration.class, ZmqBinaryStarAutoConfiguration.class })
@ConditionalOnClass(ZContext.class)
@ConditionalOnBean(ZmqSocketFactory.class)
public final class ZmqListenerAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static ZmqListenerAnnotationBeanPostProcessor zmqListenerAnnotationBeanPostProcessor() {
		return new ZmqListenerAnnotationBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqListenerRegistry zmqListenerRegistry() {
		return new ZmqListenerRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqListenerContainerFactory zmqListenerContainerFactory(ZmqSocketFactory socketFactory,
			ZmqMessageConverters converters, ZmqProperties properties, BeanFactory beanFactory,
			ObjectProvider<ZmqListenerErrorHandler> errorHandlers,
			ObjectProvider<ZmqListenerContainerFactoryCustomizer> customizers, ObjectProvider<BinaryStar> binaryStar,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ZmqReceiverObservationConvention> observationConvention,
			ObjectProvider<ZmqSecurityProfiles> securityProfiles) {
		// the application's one error handler (or its @Primary one) is the default; a name still wins
		ZmqListenerContainerFactory factory = new ZmqListenerContainerFactory(socketFactory, converters,
				properties.getShutdownTimeout(), errorHandlers.getIfUnique(LoggingZmqListenerErrorHandler::new),
				beanFactory);
		factory.setMissingProtocolAdvice(ZmqWorkerProtocolAdvice::forProtocol);
		factory.setDefaultServiceBroker(ZmqPropertiesValidator.join(properties.getMajordomo().getEndpoint()));
		binaryStar.ifAvailable((pair) -> factory.setBinaryStarGate(pair.gate()));
		securityProfiles.ifAvailable(factory::setSecurityProfiles);
		factory.setServiceSecurity(properties.getMajordomo().getSecurity());
		ZmqProperties.Listener listener = properties.getListener();
		factory.setObservations(ZmqObservations.receiver(listener.isObservationEnabled(), observationRegistry,
				observationConvention));
		factory.setTraceContextAccepted(listener.isTracePropagation());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return factory;
	}

}
