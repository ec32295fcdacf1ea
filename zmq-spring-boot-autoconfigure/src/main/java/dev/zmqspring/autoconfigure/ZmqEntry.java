package dev.zmqspring.autoconfigure;

import java.util.function.Supplier;

import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.ResolvableType;

/**
 * One component declared in properties under a name, such as {@code zmq.proxies.<name>} or
 * {@code zmq.clone.clients.<name>}: an immutable value made once from what was bound there, checked
 * as it is made (a bad value fails naming its key, {@link ZmqPropertiesValidator}), that knows its
 * bean and creates the component from the beans it needs. {@link ZmqEntryRegistrar} registers it.
 * @param <T> the component type
 */
interface ZmqEntry<T> {

	/**
	 * The bean name, such as {@code zmqProxy.<name>}.
	 * @return the bean name
	 */
	String beanName();

	/**
	 * The bean type, with its generics (a Clone map is typed by its values).
	 * @return the type
	 */
	ResolvableType beanType();

	/**
	 * Whether the bean is infrastructure (a proxy, broker or Clone component the application does not
	 * call) rather than one the application injects and calls.
	 * @return {@code true} by default
	 */
	default boolean infrastructure() {
		return true;
	}

	/**
	 * Creates the component when its bean is created.
	 * @param beans the beans it may depend on, looked up by type
	 * @return the component
	 */
	T create(BeanRegistry.SupplierContext beans);

	/**
	 * An entry made, and so checked, when its bean is created: a bad value is then that bean's
	 * creation failure (Majordomo brokers and Freelance clients report it so).
	 * @param <T> the component type
	 * @param beanName the bean name
	 * @param beanType the bean type
	 * @param infrastructure whether the bean is infrastructure
	 * @param entry makes the entry
	 */
	record OnCreation<T>(String beanName, ResolvableType beanType, boolean infrastructure,
			Supplier<? extends ZmqEntry<T>> entry) implements ZmqEntry<T> {

		@Override
		public T create(BeanRegistry.SupplierContext beans) {
			return this.entry.get().create(beans);
		}

	}

}
