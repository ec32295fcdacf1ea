package dev.zmqspring.listener;

import org.zeromq.ZMsg;

/**
 * One failed message handling, as a {@link ZmqListenerErrorHandler} sees it: the raw frames stay
 * available so the message can be inspected or resent (Guide ch.4: a worker survives bad input and
 * the failure is reported, never swallowed silently).
 *
 * @param listenerId the listener id
 * @param source the annotated method ({@code bean.method})
 * @param message a copy of the raw frames as the listener's socket received them (routing
 * envelope included for ROUTER and DEALER, topic frame included for SUB); the handler may keep it
 * @param exception the cause: the handler's own exception (unwrapped from reflection), or a
 * {@link dev.zmqspring.core.ZmqMessageConversionException}
 */
public record ZmqListenerFailure(String listenerId, String source, ZMsg message, Throwable exception) {
}
