package dev.zmqspring.lifecycle;

import java.util.Collection;

/**
 * A bean that exposes {@link ZmqManagedComponent}s which are not beans themselves (e.g. the listener
 * registry's containers, created per annotated method). The {@code zmq} health indicator, the
 * {@code zmq} actuator endpoint and the Micrometer binder read every {@link ZmqManagedComponent}
 * bean plus the components of every bean of this type.
 */
@FunctionalInterface
public interface ZmqManagedComponentSource {

	/**
	 * The components currently managed; read on every health check and endpoint call, so it may
	 * change over time.
	 * @return the components, never {@code null}
	 */
	Collection<? extends ZmqManagedComponent> getManagedComponents();

}
