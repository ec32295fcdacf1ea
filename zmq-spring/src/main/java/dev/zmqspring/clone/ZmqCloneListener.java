package dev.zmqspring.clone;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method called for every change of a {@link ZmqCloneMap} (Guide ch.5 Clone): the
 * method takes one {@link ZmqCloneChangedEvent} and runs on the map's actor thread, in sequence
 * order, so it must be quick. Found by {@link ZmqCloneListenerProcessor}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ZmqCloneListener {

	/**
	 * The map's name ({@code zmq.clone.clients.<name>}); empty for every map.
	 * @return the name
	 */
	String value() default "";

}
