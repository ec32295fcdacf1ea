package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.zmqspring.actor.ZmqActorThreadFactory;
import dev.zmqspring.core.ByteArrayZmqMessageConverter;
import dev.zmqspring.core.JacksonZmqMessageConverter;
import dev.zmqspring.core.StringZmqMessageConverter;
import dev.zmqspring.core.ZFrameZmqMessageConverter;
import dev.zmqspring.core.ZmqMessageConverter;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.core.ZmqOperations;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqConnectionLimits;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;
import dev.zmqspring.support.ZmqSocketOptions;
import dev.zmqspring.support.ZmqSubscriptionLimits;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.observation.ZmqSenderObservationConvention;
import dev.zmqspring.support.BatchIoThreadFactory;
import dev.zmqspring.support.LinuxThreadScheduling;

import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the ZeroMQ foundation: the one {@link ZContext} of the application (Guide
 * ch.1 "Getting the Context Right"), the socket factory that applies the {@code zmq.*} defaults, the
 * message converters and the {@link ZmqTemplate}. Every bean backs off when the application defines
 * its own; the context and the template are passed to the {@link ZmqContextCustomizer} and
 * {@link ZmqTemplateCustomizer} beans.
 *
 * <p>The context is closed last: every component that uses it depends on it, so Spring stops and
 * destroys them first; its close waits at most {@code zmq.shutdown-timeout} for JeroMQ
 * ({@link BoundedZContext}). A {@code ZContext} the application supplies is the application's
 * to close.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(ZContext.class)
@EnableConfigurationProperties(ZmqProperties.class)
public final class ZmqAutoConfiguration {

	private static final Log logger = LogFactory.getLog(ZmqAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ZContext zmqContext(ZmqProperties properties, ObjectProvider<ZmqContextCustomizer> customizers) {
		ZContext context = new BoundedZContext(properties.getIoThreads(), properties.getShutdownTimeout());
		context.setLinger((int) properties.getLinger().toMillis());
		context.setSndHWM(properties.getSendHwm());
		context.setRcvHWM(properties.getReceiveHwm());
		if (properties.getIoThreadScheduling() == ZmqProperties.IoThreadScheduling.BATCH) {
			// before the first socket: JeroMQ starts its I/O threads with it
			ZMQ.Context jeromq = context.getContext();
			jeromq.setThreadFactor(new BatchIoThreadFactory(jeromq, new LinuxThreadScheduling()));
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(context));
		return context;
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqSocketFactory zmqSocketFactory(ZContext context, ZmqProperties properties,
			ObjectProvider<ZmqActorThreadFactory> threadFactory) {
		if (properties.getIoThreadScheduling() == ZmqProperties.IoThreadScheduling.BATCH
				&& !(context.getContext().getThreadFactory() instanceof BatchIoThreadFactory)) {
			logger.warn("zmq.io-thread-scheduling=batch has no effect on the application's own ZContext bean; "
					+ "install a BatchIoThreadFactory on it before its first socket (see docs/jeromq.md)");
		}
		ZmqSocketFactory factory = new ZmqSocketFactory(context, socketOptions(properties));
		ZmqActorThreadFactory actorThreads = threadFactory.getIfUnique();
		return (actorThreads != null) ? factory.withThreadFactory(actorThreads) : factory;
	}

	static ZmqSocketOptions socketOptions(ZmqProperties properties) {
		ZmqProperties.Subscriptions subscriptions = properties.getSubscriptions();
		return new ZmqSocketOptions(properties.getLinger(), properties.getSendHwm(), properties.getReceiveHwm(),
				properties.getMaxMessageSize().toBytes(), properties.getHandshakeInterval(),
				properties.getBoundMaxMessageSize().toBytes(), ZmqSecurity.NONE,
				new ZmqSubscriptionLimits((int) subscriptions.getMaxLength().toBytes(),
						subscriptions.getMaxPerConnection(), subscriptions.getMaxPerSocket(),
						subscriptions.getMaxBytes().toBytes()),
				new ZmqConnectionLimits(properties.getBoundMaxConnections(),
						properties.getBoundMaxConnectionsPerAddress()));
	}

	/**
	 * The factory secured with a named profile, or the factory itself for an empty name.
	 * @param factory the application's socket factory
	 * @param profile the profile name from a property
	 * @param key the property key, for the message
	 * @param profiles the profiles
	 * @return the factory to use
	 */
	static ZmqSocketFactory secured(ZmqSocketFactory factory, String profile, String key,
			ObjectProvider<ZmqSecurityProfiles> profiles) {
		ZmqSecurity security = profile(profile, key, profiles);
		return security.isNone() ? factory : factory.withSecurity(security);
	}

	/**
	 * The profile of a name from a property ({@link ZmqPropertiesValidator#profile}).
	 * @param profile the profile name; empty means none
	 * @param key the property key, for the message
	 * @param profiles the profiles
	 * @return the profile, {@link ZmqSecurity#NONE} for an empty name
	 */
	static ZmqSecurity profile(String profile, String key, ObjectProvider<ZmqSecurityProfiles> profiles) {
		return ZmqPropertiesValidator.profile(profile, key, profiles);
	}

	/**
	 * The profile of the sockets a component connects to its pair peer with, which are clients of the
	 * peer's bound (server) sockets: required once the bound sockets are secured, since a peer
	 * that cannot authenticate looks dead and both halves of the pair would serve.
	 * @param security the profile name of the bound sockets
	 * @param peerSecurity the profile name of the sockets to the peer
	 * @param securityKey the property key of the first, for the message
	 * @param peerKey the property key of the second, for the message
	 * @param profiles the profiles
	 * @return the peer profile, or {@code null} when neither side is secured
	 */
	static @Nullable ZmqSecurity peerProfile(@Nullable String security, @Nullable String peerSecurity,
			String securityKey, String peerKey, ObjectProvider<ZmqSecurityProfiles> profiles) {
		ZmqPropertiesValidator.requirePeerSecurity(security, peerSecurity, securityKey, peerKey);
		if (peerSecurity == null || peerSecurity.isBlank()) {
			return null;
		}
		return profile(peerSecurity, peerKey, profiles);
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqMessageConverters zmqMessageConverters(ObjectProvider<ZmqMessageConverter> userConverters,
			ObjectProvider<JacksonZmqMessageConverter> jsonConverter) {
		List<ZmqMessageConverter> converters = new ArrayList<>();
		userConverters.orderedStream()
			.filter((converter) -> !(converter instanceof JacksonZmqMessageConverter))
			.forEach(converters::add);
		converters.add(new ByteArrayZmqMessageConverter());
		converters.add(new StringZmqMessageConverter());
		converters.add(new ZFrameZmqMessageConverter());
		jsonConverter.ifAvailable(converters::add);
		return new ZmqMessageConverters(converters);
	}

	@Bean
	@ConditionalOnMissingBean(ZmqOperations.class)
	ZmqTemplate zmqTemplate(ZmqSocketFactory factory, ZmqMessageConverters converters, ZmqProperties properties,
			ObjectProvider<ZmqTemplateCustomizer> customizers, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ZmqSenderObservationConvention> observationConvention,
			ObjectProvider<ZmqSecurityProfiles> securityProfiles) {
		ZmqProperties.Template settings = properties.getTemplate();
		ZmqSocketFactory sockets = secured(factory, settings.getSecurity(), "zmq.template.security", securityProfiles);
		ZmqTemplate template = new ZmqTemplate(sockets, converters, settings.getRequestTimeout(),
				settings.getRequestRetries());
		template.setObservations(ZmqObservations.sender(settings.isObservationEnabled(), settings.getTracePropagation(),
				observationRegistry, observationConvention));
		template.setStampedEndpoints(settings.getPublishStamp().stream().map(String::trim)
			.filter((endpoint) -> !endpoint.isEmpty()).toList());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(template));
		return template;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JacksonZmqMessageConverter jacksonZmqMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
			return new JacksonZmqMessageConverter(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
		}

	}

}
