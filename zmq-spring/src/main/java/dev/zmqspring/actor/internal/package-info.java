/**
 * Engine internals of {@code actor}: {@code ZmqCompositeBehavior}, several behaviors on one actor
 * thread (Guide ch.2: one thread may own many sockets). Public only so that the library's other
 * packages can use it: not part of the API, no compatibility promise (decision 0046).
 */
@NullMarked
package dev.zmqspring.actor.internal;

import org.jspecify.annotations.NullMarked;
