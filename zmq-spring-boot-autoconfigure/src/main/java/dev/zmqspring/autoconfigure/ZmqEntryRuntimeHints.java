package dev.zmqspring.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What a native image needs to bind the entries of {@code zmq.*} ({@link ZmqEntry}): the binder
 * constructs each entry's {@code Keys} record reflectively, so their constructors and components are
 * registered, as Boot does for {@code @ConfigurationProperties} classes.
 */
final class ZmqEntryRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar
			.forTypes(ZmqProxyEntry.Keys.class, ZmqLoadBalancingBrokerEntry.Keys.class,
					ZmqLoadBalancingBrokerEntry.Peer.class, ZmqParanoidPirateQueueEntry.Keys.class,
					ZmqMajordomoBrokerEntry.Keys.class, ZmqMajordomoBrokerEntry.TitanicKeys.class,
					ZmqCloneServerEntry.Keys.class, ZmqCloneClientEntry.Keys.class, ZmqFreelanceClientEntry.Keys.class)
			.registerHints(hints, classLoader);
	}

}
