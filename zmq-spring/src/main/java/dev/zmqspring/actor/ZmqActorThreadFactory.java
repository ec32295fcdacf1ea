package dev.zmqspring.actor;

import java.util.concurrent.ThreadFactory;

/**
 * Makes the threads actors run on (Guide ch.2: each actor owns one thread for its whole life): declare
 * one as a bean and the auto-configured socket factory hands it to every listener container, proxy,
 * broker and client actor. The actor names the thread {@code zmq-<component>} after it is made, so an
 * implementation decides everything else: daemon flag, priority, context class loader, or a virtual
 * thread on Java 21.
 */
@FunctionalInterface
public interface ZmqActorThreadFactory extends ThreadFactory {

}
