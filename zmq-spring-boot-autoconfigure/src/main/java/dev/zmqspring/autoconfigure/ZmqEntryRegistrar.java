package dev.zmqspring.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;

/**
 * The one way components declared in properties become beans: a Spring Framework {@link BeanRegistrar},
 * imported by the auto-configuration of its pattern, that binds that pattern's entries once from the
 * environment ({@link #entries}), each checked as it is made, and registers one bean per entry whose
 * instance the entry creates from beans looked up by type.
 *
 * <p>Ahead-of-time processing does not generate code for these beans: the generated initializer runs
 * the registrar again (with the runtime environment), so what is bound, and checked, is what the
 * application runs with (decision 0043). That initializer runs before the other initializers of the
 * application (a test's {@code @DynamicPropertySource} among them), so each bean's supplier binds its
 * entry again, from the environment as it is when the bean is created: the names come from
 * registration, the values are always the latest.
 */
abstract class ZmqEntryRegistrar implements BeanRegistrar {

	@Override
	public final void register(BeanRegistry registry, Environment environment) {
		Binder binder = Binder.get(environment);
		for (ZmqEntry<?> entry : entries(binder, ZmqEntrySettings.bind(binder))) {
			register(registry, entry);
		}
	}

	private <T> void register(BeanRegistry registry, ZmqEntry<T> entry) {
		ParameterizedTypeReference<T> type = ParameterizedTypeReference.forType(entry.beanType().getType());
		registry.registerBean(entry.beanName(), type, (spec) -> {
			if (entry.infrastructure()) {
				spec.infrastructure();
			}
			spec.supplier((beans) -> current(beans, entry).create(beans));
		});
	}

	@SuppressWarnings("unchecked")
	private <T> ZmqEntry<T> current(BeanRegistry.SupplierContext beans, ZmqEntry<T> registered) {
		Binder binder = Binder.get(beans.bean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME, Environment.class));
		for (ZmqEntry<?> entry : entries(binder, ZmqEntrySettings.bind(binder))) {
			if (entry.beanName().equals(registered.beanName())) {
				return (ZmqEntry<T>) entry;
			}
		}
		return registered;
	}

	/**
	 * Binds and checks the entries of one pattern.
	 * @param binder the binder of the environment
	 * @param settings the global settings
	 * @return the entries, in declaration order
	 */
	abstract List<? extends ZmqEntry<?>> entries(Binder binder, ZmqEntrySettings settings);

}
