package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.zeromq.SocketType;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Makes a method a ZeroMQ worker: a request-reply server (REP, Guide ch.1 "Ask and Ye Shall
 * Receive"; with {@code concurrency > 1} on a bound endpoint the ch.2 multithreaded server), a
 * pipeline worker (PULL, ch.1 "Divide and Conquer", results pushed to {@link #sendTo()}), a DEALER
 * or ROUTER peer (ch.3, the routing envelope preserved), or a broker worker speaking a worker
 * protocol: Paranoid Pirate (ch.4, {@code protocol = "paranoid-pirate"}), load-balancing
 * ({@code protocol = "load-balancing"}), or Majordomo when {@link #service()} is set.
 *
 * <p>The return value is the reply (or the result sent to {@code sendTo}); {@code void} sends
 * nothing; a {@code CompletableFuture} replies when it completes. String attributes accept
 * {@code ${...}} placeholders and {@code #{...}} SpEL.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ZmqListenerReflectiveProcessor.class)
public @interface ZmqWorker {

	/** Listener id for the registry; defaults to {@code <bean name>.<method name>}. */
	String id() default "";

	/** Endpoint(s); the socket type's natural side applies when there is no {@code @}/{@code >} prefix. */
	String[] endpoints() default {};

	/** Socket type: REP (default), PULL, DEALER or ROUTER. Ignored for worker protocols. */
	SocketType type() default SocketType.REP;

	/** For PULL workers: where the return value is pushed (a PUSH connects unless prefixed with '@'). */
	String sendTo() default "";

	/** How many handler threads (each with its own socket), as a number or placeholder. */
	String concurrency() default "1";

	/** Whether the listener starts with the application. */
	String autoStartup() default "true";

	/**
	 * Majordomo service name (Guide ch.4, spec 7/MDP). Setting it makes this an MDP worker that
	 * connects to {@link #broker()} or {@code zmq.majordomo.endpoint}.
	 */
	String service() default "";

	/** Majordomo broker endpoint for this worker; defaults to {@code zmq.majordomo.endpoint}. */
	String broker() default "";

	/**
	 * Whether this REP or ROUTER server is one half of a Binary Star pair (Guide ch.4
	 * "High-Availability Pair"): {@code "true"} gates it with the application's {@code BinaryStar}, so
	 * while this peer is passive its requests are dropped (and counted) and clients fail over to the
	 * other peer. Needs a bound endpoint; requests pass through a front ROUTER that asks the gate.
	 */
	String binaryStar() default "false";

	/**
	 * Broker worker protocol: {@code "paranoid-pirate"} (spec 6/PPP: READY, heartbeats, reconnect
	 * with back-off) or {@code "load-balancing"} (REQ worker announcing READY, ch.3). Empty for plain
	 * sockets; {@code "majordomo"} is implied by {@link #service()}.
	 */
	String protocol() default "";

	/** Bean name of a {@code ZmqListenerErrorHandler}; empty uses the default. */
	String errorHandler() default "";

	/** Optional endpoint that receives messages whose handling failed (a PUSH connects there). */
	String deadLetter() default "";

	/**
	 * The security profile of this worker's sockets, {@code zmq.security.profiles.<name>} (RFC 26
	 * CURVE, RFC 24 PLAIN, RFC 27 ZAP): a {@code curve-server} or {@code plain-server} profile makes a
	 * bound worker authenticate its clients, a {@code curve-client} or {@code plain-client} profile
	 * lets a connecting worker (a broker's) authenticate to the broker. Empty: no security, or
	 * {@code zmq.majordomo.security} for a Majordomo service worker. Placeholders are resolved.
	 */
	String security() default "";

}
