package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.zeromq.ZContext;

import dev.zmqspring.clone.ZmqCloneListenerProcessor;

/**
 * Auto-configuration of Clone (Guide ch.5 "Reliable Pub-Sub (Clone Pattern)"): the servers under
 * {@code zmq.clone.servers.<name>} and the {@link dev.zmqspring.clone.ZmqCloneMap} beans under
 * {@code zmq.clone.clients.<name>} ({@link ZmqCloneServerEntry}, {@link ZmqCloneClientEntry}), and the processor of
 * {@code @ZmqCloneListener} methods. A server with {@code binary-star: true} is one half of the
 * application's pair ({@code zmq.binary-star.*}).
 */
@AutoConfiguration(after = { ZmqAutoConfiguration.class, ZmqBinaryStarAutoConfiguration.class })
@ConditionalOnClass(ZContext.class)
@Import(ZmqCloneAutoConfiguration.CloneRegistrar.class)
@ImportRuntimeHints(ZmqEntryRuntimeHints.class)
public final class ZmqCloneAutoConfiguration {

	@Bean
	static ZmqCloneListenerProcessor zmqCloneListenerProcessor() {
		return new ZmqCloneListenerProcessor();
	}

	/**
	 * Registers one {@link dev.zmqspring.clone.CloneServer} ({@code zmqCloneServer.<name>}) per
	 * {@code zmq.clone.servers.<name>} and one {@link dev.zmqspring.clone.ZmqCloneMap}
	 * ({@code zmqCloneMap.<name>}) per {@code zmq.clone.clients.<name>}.
	 */
	static final class CloneRegistrar extends ZmqEntryRegistrar {

		@Override
		List<ZmqEntry<?>> entries(Binder binder, ZmqEntrySettings settings) {
			List<ZmqEntry<?>> entries = new ArrayList<>(ZmqCloneServerEntry.bind(binder, settings));
			entries.addAll(ZmqCloneClientEntry.bind(binder, settings));
			return entries;
		}

	}

}
