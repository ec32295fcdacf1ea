/**
 * Spring Boot auto-configuration of zmq-spring: the {@code zmq.*} properties and their validation,
 * the context, template, listeners, proxies, brokers and Majordomo, the customizer callbacks, and the
 * failure analyzers that explain a startup failure.
 */
@NullMarked
package dev.zmqspring.autoconfigure;

import org.jspecify.annotations.NullMarked;
