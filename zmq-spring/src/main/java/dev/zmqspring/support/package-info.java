/**
 * Small building blocks shared across the starter: allocation-free hash keys over ROUTER routing ids
 * and service names, and rate-limited logging of dropped malformed messages, for the brokers of Guide
 * ch.3 and ch.4 (load-balancing broker, Paranoid Pirate queue, Majordomo); and the Linux scheduling of
 * JeroMQ's I/O threads (Guide ch.2 "I/O threads", {@code zmq.io-thread-scheduling}).
 */
@NullMarked
package dev.zmqspring.support;

import org.jspecify.annotations.NullMarked;
