/**
 * Micrometer Observation for ZeroMQ hops: the {@code zmq.send}, {@code zmq.request} and
 * {@code zmq.process} observations, their contexts and conventions, and the optional trace-context
 * frame that carries a W3C {@code traceparent} from a sender to a starter listener through the
 * Guide's brokers (load-balancing broker ch.3, Paranoid Pirate and Majordomo ch.4), which pass body
 * frames on unchanged. Nothing here runs unless observation is enabled; nothing changes on the wire
 * unless trace propagation is enabled for the endpoint.
 */
@NullMarked
package dev.zmqspring.observation;

import org.jspecify.annotations.NullMarked;
