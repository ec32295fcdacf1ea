package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code String} parameter of a {@link ZmqSubscriber} method that receives the topic: the
 * first frame of a [topic][payload] envelope, or the matched subscription prefix of a single-frame
 * message (Guide ch.2 "Pub-Sub Message Envelopes").
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ZmqTopic {

}
