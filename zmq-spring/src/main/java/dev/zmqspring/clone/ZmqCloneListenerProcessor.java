package dev.zmqspring.clone;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds {@link ZmqCloneListener} methods (Guide ch.5 Clone) and adds each, once every singleton
 * exists and before the maps start, as a listener of the named {@link ZmqCloneMap} (or of every
 * map), so it sees the first snapshot too. A method that does not take exactly one
 * {@link ZmqCloneChangedEvent}, or names no map, fails the startup.
 */
public class ZmqCloneListenerProcessor implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {

	private final List<Binding> bindings = new ArrayList<>();

	private ListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> type = AopUtils.getTargetClass(bean);
		ReflectionUtils.doWithMethods(type, (method) -> {
			ZmqCloneListener annotation = AnnotatedElementUtils.findMergedAnnotation(method, ZmqCloneListener.class);
			if (annotation == null) {
				return;
			}
			if (method.getParameterCount() != 1 || method.getParameterTypes()[0] != ZmqCloneChangedEvent.class) {
				throw new IllegalStateException("@ZmqCloneListener method " + method
						+ " must take exactly one ZmqCloneChangedEvent");
			}
			ReflectionUtils.makeAccessible(method);
			this.bindings.add(new Binding(bean, method, annotation.value()));
		}, ReflectionUtils.USER_DECLARED_METHODS);
		return bean;
	}

	@Override
	@SuppressWarnings("rawtypes")
	public void afterSingletonsInstantiated() {
		var maps = this.beanFactory.getBeansOfType(ZmqCloneMap.class).values();
		for (Binding binding : this.bindings) {
			boolean found = false;
			for (ZmqCloneMap map : maps) {
				if (binding.map().isEmpty() || binding.map().equals(map.getName())) {
					map.addListener((event) -> ReflectionUtils.invokeMethod(binding.method(), binding.bean(), event));
					found = true;
				}
			}
			if (!found) {
				throw new IllegalStateException("@ZmqCloneListener method " + binding.method() + " names Clone map '"
						+ binding.map() + "', but there is no such map (zmq.clone.clients." + binding.map() + ")");
			}
		}
	}

	private record Binding(Object bean, Method method, String map) {
	}

}
