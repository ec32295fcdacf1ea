package dev.zmqspring.annotation;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

/**
 * The ahead-of-time half of {@link ZmqListenerAnnotationBeanPostProcessor}: what a native image must
 * keep of a {@link ZmqSubscriber} or {@link ZmqWorker} method (the listeners of Guide ch.1-2) so that
 * the post-processor can find it, call it and convert its messages at run time.
 *
 * <p>Both annotations are meta-annotated with {@link Reflective @Reflective} naming this processor, so
 * Spring's AOT processing calls it for every such method of every bean, as it does for
 * {@code @EventListener} and {@code @MessageMapping} methods. It registers the method as invocable
 * (listeners are called reflectively where a lambda cannot be bound, as in a native image) and
 * binding hints for the types that a converter may bind with Jackson: every parameter's type except a
 * {@link ZmqTopic} one, and the return type (the value of a {@code CompletionStage}). Types that no
 * converter binds by reflection &mdash; {@code byte[]}, {@code String}, primitives, {@code java.*},
 * JeroMQ's {@code ZMsg}/{@code ZFrame} and Spring's own ({@code Message}, {@code MessageHeaders})
 * &mdash; get no binding hints, but their type arguments do ({@code Message<Order>} binds
 * {@code Order}). It decides
 * by the method's signature only, not by how each parameter will be resolved, so it holds for any
 * argument a handler method can take.
 */
final class ZmqListenerReflectiveProcessor extends SimpleReflectiveProcessor {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	protected void registerMethodHint(ReflectionHints hints, Method method) {
		super.registerMethodHint(hints, method);
		for (int i = 0; i < method.getParameterCount(); i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			if (!parameter.hasParameterAnnotation(ZmqTopic.class)) {
				registerBinding(hints, ResolvableType.forMethodParameter(parameter));
			}
		}
		ResolvableType returned = ResolvableType.forMethodReturnType(method);
		ResolvableType future = returned.as(CompletionStage.class);
		registerBinding(hints, (future != ResolvableType.NONE) ? future.getGeneric(0) : returned);
	}

	/** The type and, resolved, each of its type arguments (a {@code List<Order>} binds {@code Order}). */
	private void registerBinding(ReflectionHints hints, ResolvableType type) {
		Class<?> raw = type.resolve();
		if (raw == null) {
			return;
		}
		if (isBound(raw)) {
			this.bindings.registerReflectionHints(hints, raw);
		}
		for (ResolvableType generic : type.getGenerics()) {
			registerBinding(hints, generic);
		}
	}

	/** Whether a converter may bind the type by reflection (the JSON converter, or one of the application's). */
	private static boolean isBound(Class<?> type) {
		if (type.isPrimitive() || type == Void.class || type == String.class || type == byte[].class
				|| type == Object.class || type.getName().startsWith("java.")) {
			return false;
		}
		String name = type.getName();
		return !name.startsWith("org.zeromq.") && !name.startsWith("zmq.") && !name.startsWith("org.springframework.");
	}

}
