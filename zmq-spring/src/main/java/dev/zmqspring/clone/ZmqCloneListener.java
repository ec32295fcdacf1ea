package dev.zmqspring.clone;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method called for every change of a {@link ZmqCloneMap} (Guide ch.5 Clone): the
 * method takes one {@link ZmqCloneChangedEvent} and runs on the map's actor thread, in sequence
 * order, so it must be quick. Found by {@link ZmqCloneListenerProcessor}. {@link Reflective @Reflective}:
 * Spring's AOT processing keeps the method invocable in a native image.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface ZmqCloneListener {

	/**
	 * The map's name ({@code zmq.clone.clients.<name>}); empty for every map.
	 * @return the name
	 */
	String value() default "";

}
