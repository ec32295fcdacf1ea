/**
 * Listener containers behind {@code @ZmqSubscriber} and {@code @ZmqWorker} (Guide ch.1 pub-sub,
 * request-reply and pipeline; ch.2 multithreaded server, kill signal, envelopes; ch.3 routing
 * envelopes): one behavior engine on the actor engine, the registry, handler method invocation (the
 * plain forms, and spring-messaging arguments with the {@link dev.zmqspring.listener.ZmqHeaders}) and
 * error handling, plus the SPI through which broker worker protocols (Paranoid Pirate,
 * load-balancing, Majordomo) run annotated methods.
 */
@NullMarked
package dev.zmqspring.listener;

import org.jspecify.annotations.NullMarked;
