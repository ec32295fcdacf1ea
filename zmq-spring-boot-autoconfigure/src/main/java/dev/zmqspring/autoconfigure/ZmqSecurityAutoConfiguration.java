package dev.zmqspring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.zeromq.ZContext;

import dev.zmqspring.security.ZmqAuthentication;
import dev.zmqspring.security.ZmqAuthenticator;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Auto-configuration of ZeroMQ security (RFC 26 CURVE, RFC 24 PLAIN, RFC 27 ZAP): the
 * {@code zmq.security.profiles.*} as a {@link ZmqSecurityProfiles} bean that every component resolves
 * its {@code security} name against, and the one ZAP handler of the context, a
 * {@link ZmqAuthentication}, when some profile authenticates peers. The handler is started when its
 * bean is created, before any component's sockets exist (they open when the application starts),
 * and closed when the context is destroyed, after every component stopped. It is never lazy: JeroMQ
 * lets every client in while no handler is bound.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass(ZContext.class)
@ConditionalOnBean(ZmqSocketFactory.class)
@EnableConfigurationProperties(ZmqSecurityProperties.class)
public final class ZmqSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZmqSecurityProfiles zmqSecurityProfiles(ZmqSecurityProperties properties) {
		return new ZmqSecurityProfiles(new ZmqSecurityProfileBuilder(properties).profiles());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ZmqAuthentication zmqAuthentication(ZmqSocketFactory factory, ZmqSecurityProperties properties,
			ZmqProperties zmq, ObjectProvider<ZmqAuthenticator> authenticator) {
		ZmqAuthentication authentication = new ZmqAuthentication(factory,
				new ZmqSecurityProfileBuilder(properties).policies(authenticator.getIfUnique()), zmq.getShutdownTimeout());
		if (!authentication.getPolicies().isEmpty()) {
			authentication.start();
		}
		return authentication;
	}

	@Bean
	static LazyInitializationExcludeFilter zmqAuthenticationNotLazy() {
		return LazyInitializationExcludeFilter.forBeanTypes(ZmqAuthentication.class);
	}

	/**
	 * Hides the secrets of security profiles in the {@code env} and {@code configprops} endpoints even
	 * where their values are shown ({@code show-values: always}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class ZmqSecretSanitizing {

		@Bean
		SanitizingFunction zmqSecretSanitizingFunction() {
			return (data) -> ZmqSecretPropertyFailureAnalyzer.isSecretKey(data.getKey()) ? data.withSanitizedValue()
					: data;
		}

	}

}
