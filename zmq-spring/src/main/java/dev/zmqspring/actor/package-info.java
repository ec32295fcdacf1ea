/**
 * The actor engine: one thread, its sockets, a poller and a mailbox as its control pipe (Guide ch.2
 * "Multithreading with ZeroMQ", "Signaling Between Threads"). Every looping component of the
 * starter &mdash; listener containers, proxies, brokers, Majordomo workers &mdash; is a
 * {@link dev.zmqspring.actor.ZmqActorBehavior} run by a {@link dev.zmqspring.actor.ZmqActor}.
 */
@NullMarked
package dev.zmqspring.actor;

import org.jspecify.annotations.NullMarked;
