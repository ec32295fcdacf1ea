/**
 * Management of the looping components (listeners, proxies, brokers): the {@code zmq} health
 * contributor, the {@code zmq} actuator endpoint and the Micrometer meters. All of them read the
 * {@link dev.zmqspring.lifecycle.ZmqManagedComponent} view through {@link dev.zmqspring.actuate.ZmqManagedComponents}.
 */
@NullMarked
package dev.zmqspring.actuate;

import org.jspecify.annotations.NullMarked;

import dev.zmqspring.lifecycle.ZmqManagedComponent;
