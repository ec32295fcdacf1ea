/**
 * Titanic (Guide ch.4 "Disconnected Reliability (Titanic Pattern)", spec 9/TSP): disk-backed
 * fire-and-forget requests on top of a Majordomo broker.
 */
@NullMarked
package dev.zmqspring.majordomo.titanic;

import org.jspecify.annotations.NullMarked;
