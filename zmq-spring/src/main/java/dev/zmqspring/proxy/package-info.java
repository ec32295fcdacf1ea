/**
 * Stateless proxies (Guide ch.2 "Intermediaries and Proxies", "ZeroMQ's Built-In Proxy Function",
 * "Transport Bridging"): the pub-sub forwarder (XSUB/XPUB), the request-reply queue
 * (ROUTER/DEALER) and the pipeline streamer (PULL/PUSH); and the last value cache of Guide ch.5
 * (lvcache: XSUB/XPUB that answers each new subscription with the last message of its topics). Each
 * is one actor, steerable and counting.
 */
@NullMarked
package dev.zmqspring.proxy;

import org.jspecify.annotations.NullMarked;
