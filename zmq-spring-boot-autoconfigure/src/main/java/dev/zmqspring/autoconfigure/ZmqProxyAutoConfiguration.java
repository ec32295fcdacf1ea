package dev.zmqspring.autoconfigure;

import java.util.List;

import org.zeromq.ZContext;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * Auto-configuration of the proxies declared under {@code zmq.proxies.<name>} (Guide ch.2
 * "Intermediaries and Proxies"): one {@link dev.zmqspring.proxy.ZmqProxy} bean each, a
 * {@link org.springframework.context.SmartLifecycle} that starts with the application unless
 * {@code auto-startup: false}.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass(ZContext.class)
@Import(ZmqProxyAutoConfiguration.ProxyRegistrar.class)
@ImportRuntimeHints(ZmqEntryRuntimeHints.class)
public final class ZmqProxyAutoConfiguration {

	/** Registers one {@link dev.zmqspring.proxy.ZmqProxy} ({@code zmqProxy.<name>}) per {@code zmq.proxies.<name>}. */
	static final class ProxyRegistrar extends ZmqEntryRegistrar {

		@Override
		List<ZmqProxyEntry> entries(Binder binder, ZmqEntrySettings settings) {
			return ZmqProxyEntry.bind(binder, settings);
		}

	}

}
