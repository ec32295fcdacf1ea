package dev.zmqspring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.zeromq.ZContext;

import dev.zmqspring.clone.ZmqCloneListenerProcessor;

/**
 * Auto-configuration of Clone (Guide ch.5 "Reliable Pub-Sub (Clone Pattern)"): the servers under
 * {@code zmq.clone.servers.<name>} and the {@link dev.zmqspring.clone.ZmqCloneMap} beans under
 * {@code zmq.clone.clients.<name>} ({@link ZmqCloneProperties}), and the processor of
 * {@code @ZmqCloneListener} methods. A server with {@code binary-star: true} is one half of the
 * application's pair ({@code zmq.binary-star.*}).
 */
@AutoConfiguration(after = { ZmqAutoConfiguration.class, ZmqBinaryStarAutoConfiguration.class })
@ConditionalOnClass(ZContext.class)
@EnableConfigurationProperties(ZmqCloneProperties.class)
@Import(ZmqCloneRegistrar.class)
public final class ZmqCloneAutoConfiguration {

	@Bean
	static ZmqCloneListenerProcessor zmqCloneListenerProcessor() {
		return new ZmqCloneListenerProcessor();
	}

}
