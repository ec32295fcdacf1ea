/**
 * The annotations of the programming model: {@link dev.zmqspring.annotation.ZmqSubscriber},
 * {@link dev.zmqspring.annotation.ZmqWorker} and {@link dev.zmqspring.annotation.ZmqTopic}, and the
 * {@link dev.zmqspring.annotation.ZmqListenerAnnotationBeanPostProcessor} that finds them, resolves
 * their {@code ${...}} and {@code #{...}} attributes and registers one listener container per method
 * (Guide ch.1-2 patterns; see {@code dev.zmqspring.listener}), and the
 * {@link dev.zmqspring.annotation.ZmqListenerConfigurer} callback for argument resolvers and the
 * validator of handler methods.
 */
@NullMarked
package dev.zmqspring.annotation;

import org.jspecify.annotations.NullMarked;
