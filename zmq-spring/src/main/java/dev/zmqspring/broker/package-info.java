/**
 * Stateful brokers of Guide ch.3-4: the load-balancing (LRU) broker of ch.3 and the Paranoid Pirate
 * queue of ch.4 (spec 6/PPP), plus the matching worker sides for {@code @ZmqWorker(protocol = ...)}.
 */
@NullMarked
package dev.zmqspring.broker;

import org.jspecify.annotations.NullMarked;
