/**
 * Engine internals of {@code majordomo}: the lane correlation through which {@code MajordomoClient}
 * and Titanic's dispatcher send asynchronous requests to a broker (Guide ch.4 mdcliapi2). Public only
 * so that the library's other packages can use them: not part of the API, no compatibility promise
 * (decision 0046).
 */
@NullMarked
package dev.zmqspring.majordomo.internal;

import org.jspecify.annotations.NullMarked;
