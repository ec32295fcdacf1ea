/**
 * Small building blocks shared by the brokers of Guide ch.3 and ch.4 (load-balancing broker,
 * Paranoid Pirate queue, Majordomo): allocation-free hash keys over ROUTER routing ids and service
 * names, and rate-limited logging of dropped malformed messages.
 */
package dev.zmqspring.support;
