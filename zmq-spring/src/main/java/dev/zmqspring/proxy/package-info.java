/**
 * Stateless proxies (Guide ch.2 "Intermediaries and Proxies", "ZeroMQ's Built-In Proxy Function",
 * "Transport Bridging"): the pub-sub forwarder (XSUB/XPUB), the request-reply queue
 * (ROUTER/DEALER) and the pipeline streamer (PULL/PUSH), each one actor, steerable and counting.
 */
@NullMarked
package dev.zmqspring.proxy;

import org.jspecify.annotations.NullMarked;
