/**
 * The life cycle of the looping components (listeners, proxies, brokers): the
 * {@link org.springframework.context.SmartLifecycle} base on an actor and the management view that
 * health, metrics and the actuator endpoint read.
 */
@NullMarked
package dev.zmqspring.lifecycle;

import org.jspecify.annotations.NullMarked;
