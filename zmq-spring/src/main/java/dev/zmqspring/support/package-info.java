/**
 * Small building blocks shared across the starter: endpoints, the socket factory and its options,
 * the exception root, security settings, the publish stamp, and the Linux scheduling of JeroMQ's I/O
 * threads (Guide ch.2 "I/O threads", {@code zmq.io-thread-scheduling}). The brokers' allocation-free
 * keys and drop log are in {@code support.internal}.
 */
@NullMarked
package dev.zmqspring.support;

import org.jspecify.annotations.NullMarked;
