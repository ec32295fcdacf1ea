package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;

import dev.zmqspring.binarystar.BinaryStar;
import dev.zmqspring.clone.CloneEndpoints;
import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.clone.CloneServerConfig;
import dev.zmqspring.clone.ZmqCloneMap;
import dev.zmqspring.core.ZmqMessageConverters;
import dev.zmqspring.security.ZmqSecurityProfiles;
import dev.zmqspring.support.ZmqSecurity;
import dev.zmqspring.support.ZmqSocketFactory;

/**
 * Registers one {@link CloneServer} bean ({@code zmqCloneServer.<name>}) per
 * {@code zmq.clone.servers.<name>} and one {@link ZmqCloneMap} bean ({@code zmqCloneMap.<name>},
 * typed by its {@code value-type}) per {@code zmq.clone.clients.<name>}, after checking each entry:
 * a bad entry fails at startup naming its property.
 */
final class ZmqCloneRegistrar
		implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware, ResourceLoaderAware {

	private Environment environment;

	private BeanFactory beanFactory;

	private ApplicationEventPublisher publisher;

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		// the application context: where the maps publish their change events
		this.publisher = (resourceLoader instanceof ApplicationEventPublisher events) ? events : null;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		ZmqCloneProperties properties = Binder.get(this.environment)
			.bind("zmq.clone", ZmqCloneProperties.class)
			.orElseGet(ZmqCloneProperties::new);
		Duration shutdownTimeout = ZmqIntermediaries.shutdownTimeout(this.environment);
		properties.getServers().forEach((name, server) -> {
			CloneServerConfig config = serverConfig(name, server);
			boolean paired = server.isBinaryStar();
			register(registry, "zmqCloneServer." + name, ResolvableType.forClass(CloneServer.class),
					() -> newServer(name, server, config, paired, shutdownTimeout), server.isAutoStartup(),
					server.isHealth());
		});
		properties.getClients().forEach((name, client) -> {
			List<CloneEndpoints> servers = clientServers(name, client);
			register(registry, "zmqCloneMap." + name,
					ResolvableType.forClassWithGenerics(ZmqCloneMap.class, client.getValueType()),
					() -> newMap(name, client, servers, shutdownTimeout), client.isAutoStartup(), client.isHealth());
		});
	}

	private CloneServer newServer(String name, ZmqCloneProperties.Server server, CloneServerConfig config,
			boolean paired, Duration shutdownTimeout) {
		String prefix = "zmq.clone.servers." + name;
		ObjectProvider<ZmqSecurityProfiles> profiles = this.beanFactory.getBeanProvider(ZmqSecurityProfiles.class);
		ZmqSecurity peerSecurity = paired ? ZmqAutoConfiguration.peerProfile(server.getSecurity(),
				server.getPeerSecurity(), prefix + ".security", prefix + ".peer-security", profiles) : null;
		CloneServer created = new CloneServer(name, secured(server.getSecurity(), prefix + ".security"), config,
				paired ? this.beanFactory.getBean(BinaryStar.class) : null, shutdownTimeout);
		if (peerSecurity != null) {
			created.setPeerSecurity(peerSecurity);
		}
		return created;
	}

	private ZmqSocketFactory secured(String profile, String key) {
		return ZmqAutoConfiguration.secured(this.beanFactory.getBean(ZmqSocketFactory.class), profile, key,
				this.beanFactory.getBeanProvider(ZmqSecurityProfiles.class));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private ZmqCloneMap<?> newMap(String name, ZmqCloneProperties.Client client, List<CloneEndpoints> servers,
			Duration shutdownTimeout) {
		return new ZmqCloneMap(name, secured(client.getSecurity(), "zmq.clone.clients." + name + ".security"),
				servers, client.getSubtree(),
				client.getValueType(), this.beanFactory.getBean(ZmqMessageConverters.class),
				client.getServerTimeout(), shutdownTimeout, this.publisher);
	}

	private static void register(BeanDefinitionRegistry registry, String beanName, ResolvableType type,
			Supplier<?> supplier, boolean autoStartup, boolean health) {
		RootBeanDefinition bean = new RootBeanDefinition();
		bean.setTargetType(type);
		bean.setInstanceSupplier(supplier);
		bean.getPropertyValues().add("autoStartup", autoStartup);
		bean.getPropertyValues().add("healthEnabled", health);
		bean.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		registry.registerBeanDefinition(beanName, bean);
	}

	private CloneServerConfig serverConfig(String name, ZmqCloneProperties.Server server) {
		String prefix = "zmq.clone.servers." + name;
		if (server.getBind() == null || server.getBind().isBlank()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".bind", server.getBind(),
					"a Clone server needs the endpoint of its snapshot socket, e.g. tcp://*:5556");
		}
		String publisher = server.getPublisher();
		String collector = server.getCollector();
		if (publisher == null || collector == null) {
			CloneEndpoints derived = convention(prefix + ".bind", server.getBind());
			publisher = (publisher != null) ? publisher : derived.publisher();
			collector = (collector != null) ? collector : derived.collector();
		}
		if (server.getHeartbeat().isNegative() || server.getHeartbeat().isZero()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".heartbeat", server.getHeartbeat(),
					"must be positive");
		}
		CloneServerConfig config = new CloneServerConfig(server.getBind(), publisher, collector, server.getHeartbeat(),
				server.getMaxMessageSize().toBytes(), null, null, server.getDirectory());
		if (!server.isBinaryStar()) {
			return config;
		}
		if (!this.environment.containsProperty("zmq.binary-star.role")) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".binary-star", true,
					"needs a Binary Star pair: set zmq.binary-star.role (primary or backup), local and remote");
		}
		if (server.getPeer() == null || server.getPeer().isBlank()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".peer", server.getPeer(),
					"a Clone server in a Binary Star pair needs its peer's snapshot endpoint");
		}
		String peerPublisher = (server.getPeerPublisher() != null) ? server.getPeerPublisher()
				: convention(prefix + ".peer", server.getPeer()).publisher();
		return config.withPeer(server.getPeer(), peerPublisher);
	}

	private static List<CloneEndpoints> clientServers(String name, ZmqCloneProperties.Client client) {
		String key = "zmq.clone.clients." + name + ".servers";
		if (client.getServers().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(key, "",
					"a Clone map needs at least one server snapshot endpoint (two for a pair)");
		}
		List<CloneEndpoints> servers = new ArrayList<>();
		for (String server : client.getServers()) {
			servers.add(convention(key, server));
		}
		return servers;
	}

	private static CloneEndpoints convention(String key, String endpoint) {
		try {
			return CloneEndpoints.byPortConvention(endpoint);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(key, endpoint,
					"expected tcp://host:port (the publisher is port + 1, the collector port + 2)");
		}
	}


}
