/**
 * Engine internals of {@code core}: the one request-reply engine (Guide ch.4 Lazy Pirate, ch.3
 * asynchronous client) behind {@code ZmqTemplate}, {@code MajordomoClient} and {@code FreelanceClient}
 * — the blocking {@code LazyPirateRequester} with its per-thread sockets, the asynchronous
 * {@code AsyncRequestEngine} and its correlation strategies. Public only so that the library's other
 * packages can use them: not part of the API, no compatibility promise (decision 0046).
 */
@NullMarked
package dev.zmqspring.core.internal;

import org.jspecify.annotations.NullMarked;
