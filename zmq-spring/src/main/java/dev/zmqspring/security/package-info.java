/**
 * Authentication and encryption of ZeroMQ connections: CURVE key pairs and certificates in the CZMQ
 * format (RFC 26 CurveZMQ), the key generator, and the one ZAP handler per context (RFC 27 ZeroMQ
 * Authentication Protocol) that decides, for every server socket of a security profile, which
 * client keys, PLAIN users and peer addresses are let in. The per-socket side, the
 * {@link dev.zmqspring.support.ZmqSecurity} profile, is a socket option applied by the socket factory.
 */
@NullMarked
package dev.zmqspring.security;

import org.jspecify.annotations.NullMarked;
