package dev.zmqspring.listener;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Calls a listener method with the arguments its resolvers produce: the per-message step of
 * {@link ZmqHandlerMethod}. Built once per method at startup.
 *
 * <p>Methods of up to two parameters (nearly all listeners) are bound to their bean through
 * {@link LambdaMetafactory}: a {@code Function}, {@code Consumer}, {@code BiFunction}... that calls
 * the method directly. The JIT can then inline the listener into the receive loop while few
 * listener methods of the same shape share the call sites (one or two per JVM, as in the
 * benchmarks); with more it makes an ordinary interface call, still cheaper than reflection.
 * Reflection ({@code Method.invoke}) goes through a call site shared by every reflective call in
 * the JVM, which the JIT cannot inline; on the PULL worker benchmark it was the largest cost of ours
 * on the listener thread, more per message than a raw JeroMQ loop's whole body (BENCHMARKS.md).
 *
 * <p>Reflection remains the fallback for static methods, methods with three parameters, and
 * methods the lookup cannot bind: a class in a named module that does not open its package to the
 * starter, or loaded by another class loader than the starter (Spring Boot DevTools' restart class
 * loader). A fallback is logged once per method at INFO.
 *
 * <p>Either way a method's exception reaches the caller as thrown, not wrapped. On the bound path a
 * {@code null} argument for a primitive parameter fails with {@code NullPointerException} (reflection
 * threw {@code IllegalArgumentException}); the resolvers never produce one for a payload.
 */
@FunctionalInterface
interface ZmqMethodCall {

	/**
	 * Resolves the arguments from the message and calls the method.
	 * @param message the message being handled
	 * @return what the method returned ({@code null} for {@code void})
	 * @throws Throwable what the method or a resolver threw
	 */
	Object call(ZmqInboundMessage message) throws Throwable;

	/**
	 * Prepares the call of a method.
	 * @param bean the bean to call the method on
	 * @param method the method (accessible)
	 * @param resolvers one resolver per parameter
	 * @return the call
	 */
	static ZmqMethodCall of(Object bean, Method method, ZmqArgumentResolver[] resolvers) {
		if (resolvers.length <= 2 && !Modifier.isStatic(method.getModifiers())) {
			try {
				return Bound.of(bean, method, resolvers);
			}
			catch (Throwable ex) {
				if (ex instanceof VirtualMachineError error) {
					throw error;
				}
				Bound.logger.info("Listener method " + method + " is called through reflection (slower): " + ex);
				Bound.logger.debug("Why " + method + " could not be bound", ex);
			}
		}
		return new Reflective(bean, method, resolvers);
	}

	/**
	 * The fallback: {@code Method.invoke}, with the method's exception unwrapped. The argument array
	 * is allocated per call, because one call serves all the actors of a listener (a young
	 * allocation of a few words, on a path that only the methods listed on {@link ZmqMethodCall}
	 * take).
	 */
	record Reflective(Object bean, Method method, ZmqArgumentResolver[] resolvers) implements ZmqMethodCall {

		@Override
		public Object call(ZmqInboundMessage message) throws Throwable {
			Object[] arguments = new Object[this.resolvers.length];
			for (int i = 0; i < arguments.length; i++) {
				arguments[i] = this.resolvers[i].resolve(message);
			}
			try {
				return this.method.invoke(this.bean, arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

	/** The {@link LambdaMetafactory} binding, by arity and by whether the method returns a value. */
	final class Bound {

		private static final Log logger = LogFactory.getLog(ZmqMethodCall.class);

		private Bound() {
		}

		@SuppressWarnings("unchecked")
		static ZmqMethodCall of(Object bean, Method method, ZmqArgumentResolver[] resolvers) throws Throwable {
			boolean value = method.getReturnType() != void.class;
			return switch (resolvers.length) {
				case 0 -> {
					if (value) {
						Supplier<Object> supplier = bind(bean, method, Supplier.class, "get");
						yield (message) -> supplier.get();
					}
					Runnable runnable = bind(bean, method, Runnable.class, "run");
					yield (message) -> {
						runnable.run();
						return null;
					};
				}
				case 1 -> {
					ZmqArgumentResolver first = resolvers[0];
					if (value) {
						Function<Object, Object> function = bind(bean, method, Function.class, "apply");
						yield (message) -> function.apply(first.resolve(message));
					}
					Consumer<Object> consumer = bind(bean, method, Consumer.class, "accept");
					yield (message) -> {
						consumer.accept(first.resolve(message));
						return null;
					};
				}
				default -> {
					ZmqArgumentResolver first = resolvers[0];
					ZmqArgumentResolver second = resolvers[1];
					if (value) {
						BiFunction<Object, Object, Object> function = bind(bean, method, BiFunction.class, "apply");
						yield (message) -> function.apply(first.resolve(message), second.resolve(message));
					}
					BiConsumer<Object, Object> consumer = bind(bean, method, BiConsumer.class, "accept");
					yield (message) -> {
						consumer.accept(first.resolve(message), second.resolve(message));
						return null;
					};
				}
			};
		}

		/**
		 * Makes an instance of a JDK functional interface whose single method calls {@code method} on
		 * {@code bean}: what the compiler makes of {@code bean::method}.
		 */
		@SuppressWarnings("unchecked")
		private static <T> T bind(Object bean, Method method, Class<?> functionalInterface, String name)
				throws Throwable {
			Class<?> owner = method.getDeclaringClass();
			MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
			MethodHandle target = lookup.unreflect(method);
			MethodType erased = erasedSignature(functionalInterface, method.getParameterCount());
			// the parameters as the interface passes them (boxed), the return as the method gives it (boxed)
			MethodType instantiated = MethodType.methodType(method.getReturnType(), method.getParameterTypes()).wrap();
			if (erased.returnType() == void.class) {
				instantiated = instantiated.changeReturnType(void.class);
			}
			CallSite site = LambdaMetafactory.metafactory(lookup, name, MethodType.methodType(functionalInterface, owner),
					erased, target, instantiated);
			return (T) site.getTarget().invoke(bean);
		}

		private static MethodType erasedSignature(Class<?> functionalInterface, int arity) {
			Class<?> result = (functionalInterface == Runnable.class || functionalInterface == Consumer.class
					|| functionalInterface == BiConsumer.class) ? void.class : Object.class;
			Class<?>[] parameters = new Class<?>[arity];
			java.util.Arrays.fill(parameters, Object.class);
			return MethodType.methodType(result, parameters);
		}

	}

}
