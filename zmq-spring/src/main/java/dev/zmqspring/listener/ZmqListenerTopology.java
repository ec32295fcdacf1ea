package dev.zmqspring.listener;

import java.util.List;

/**
 * The actors of one listener, created afresh each time it starts (an actor runs once): an optional
 * front that owns the bound endpoint (ch.2 multithreaded server, fan-out) and one handler behavior per
 * unit of concurrency.
 *
 * @param front the relay in front of the handlers, or {@code null}
 * @param handlers the handler behaviors
 */
record ZmqListenerTopology(ZmqListenerActorBehavior front, List<ZmqListenerActorBehavior> handlers) {
}
