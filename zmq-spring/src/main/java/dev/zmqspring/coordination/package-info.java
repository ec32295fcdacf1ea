/**
 * Node coordination (Guide ch.2 "Node Coordination"): knowing that subscribers are connected and
 * subscribed before publishing, the cure for the slow-joiner problem.
 */
@NullMarked
package dev.zmqspring.coordination;

import org.jspecify.annotations.NullMarked;
