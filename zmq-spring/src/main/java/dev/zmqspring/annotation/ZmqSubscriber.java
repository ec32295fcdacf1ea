package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Makes a method a ZeroMQ subscriber (Guide ch.1 "Getting the Message Out", ch.2 "Pub-Sub Message
 * Envelopes"): a SUB socket connected to every endpoint (fair-queued between publishers), filtered by
 * topic prefix, driven by one actor thread.
 *
 * <p>Parameters: the payload converted to the parameter type, {@code @ZmqTopic String} for the
 * topic, or {@code ZMsg} for the whole message. Both envelope formats work: a topic frame followed by
 * the payload (ch.2), and a single frame whose beginning is the topic (ch.1 weather updates).
 *
 * <p>String attributes accept {@code ${...}} placeholders and {@code #{...}} SpEL.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ZmqListenerReflectiveProcessor.class)
public @interface ZmqSubscriber {

	/** Listener id for the registry; defaults to {@code <bean name>.<method name>}. */
	String id() default "";

	/** Publisher endpoint(s); each element may be a comma-separated list. SUB connects by default. */
	String[] endpoints();

	/** Topic prefixes to subscribe to; empty subscribes to everything. */
	String[] topics() default {};

	/**
	 * Handler threads (Guide ch.5 high-speed subscriber, the "black box"): with more than one, one
	 * actor reads the SUB socket and shards the messages by topic over inproc to that many handler
	 * actors, so messages of one topic keep their order. {@code "1"} (the default): one actor does all.
	 */
	String concurrency() default "1";

	/** Whether the listener starts with the application ({@code "true"}/{@code "false"} or a placeholder). */
	String autoStartup() default "true";

	/** Bean name of a {@code ZmqListenerErrorHandler}; empty uses the default (log once and continue). */
	String errorHandler() default "";

	/** Optional endpoint that receives messages whose handling failed (a PUSH connects there). */
	String deadLetter() default "";

	/**
	 * Slow-subscriber detection (Guide ch.5, Suicidal Snail): the largest lag tolerated between a
	 * message's publish stamp ({@link dev.zmqspring.support.ZmqPublishStamp}, added by
	 * {@code zmq.template.publish-stamp} or any peer) and its arrival, e.g. {@code "500ms"}. Empty (the
	 * default) turns detection off: stamps are then not read and pass as frames.
	 */
	String maxLag() default "";

	/** What a lagging subscriber does: {@code log}, {@code stop} or {@code fail} (health DOWN). */
	String lagPolicy() default "log";

	/**
	 * The security profile of this subscriber's socket, {@code zmq.security.profiles.<name>} (RFC 26
	 * CURVE, RFC 24 PLAIN, RFC 27 ZAP): a {@code curve-client} profile subscribes to a CURVE publisher,
	 * a {@code curve-server} profile makes a bound SUB authenticate its publishers. Empty: no
	 * security. Placeholders are resolved.
	 */
	String security() default "";

}
