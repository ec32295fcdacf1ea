/**
 * Sending and requesting: the {@link dev.zmqspring.core.ZmqTemplate} (PUB, PUSH, Lazy Pirate
 * request-reply of Guide ch.4), its asynchronous requester, and the payload converters.
 */
@NullMarked
package dev.zmqspring.core;

import org.jspecify.annotations.NullMarked;
