/**
 * Engine internals of {@code support}: the allocation-free hash key over ROUTER routing ids and
 * service names ({@code ByteKey}) and the rate-limited log of dropped malformed messages
 * ({@code DropLog}), for the brokers of Guide ch.3 and ch.4. Public only so that the library's other
 * packages can use them: not part of the API, no compatibility promise (decision 0046).
 */
@NullMarked
package dev.zmqspring.support.internal;

import org.jspecify.annotations.NullMarked;
