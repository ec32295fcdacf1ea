/**
 * The broker kit: what the load-balancing broker (Guide ch.3), the Paranoid Pirate queue (ch.4,
 * spec 6/PPP) and the Majordomo broker (ch.4, spec 7/MDP) share, so that each of them keeps only its
 * protocol (frames and commands). {@link dev.zmqspring.broker.internal.WorkerRegistry} is the worker
 * table with its LRU idle lists ({@link dev.zmqspring.broker.internal.IdleWorkers}) and heartbeat expiry,
 * {@link dev.zmqspring.broker.internal.RouterSender} the non-blocking {@code ROUTER_MANDATORY} send,
 * {@link dev.zmqspring.broker.WorkerGauges} the worker counts health and metrics read, and
 * {@link dev.zmqspring.broker.internal.HeartbeatingConnection} the worker side's heartbeat, liveness and
 * reconnect with backoff (Paranoid Pirate and Majordomo workers). Depends on the actor engine and
 * the support types only; {@code broker} and {@code majordomo} depend on it. Public only so that
 * those packages can use it: not part of the API, no compatibility promise (decision 0046).
 */
package dev.zmqspring.broker.internal;
