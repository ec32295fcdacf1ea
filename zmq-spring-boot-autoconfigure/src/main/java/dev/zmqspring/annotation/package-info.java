/**
 * The annotations of the programming model: {@link dev.zmqspring.annotation.ZmqSubscriber},
 * {@link dev.zmqspring.annotation.ZmqWorker} and {@link dev.zmqspring.annotation.ZmqTopic}.
 */
package dev.zmqspring.annotation;
