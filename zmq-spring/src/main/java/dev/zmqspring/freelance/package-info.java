/**
 * Freelance (Guide ch.4 "Brokerless Reliability", spec 10/FLP): several equal servers and no broker;
 * the client finds a live one. {@link dev.zmqspring.freelance.FreelanceClient} runs the three models
 * as policies of the one request-reply engine of {@code dev.zmqspring.core}: model 1 (sequential) and
 * model 2 (shotgun) on the blocking {@code LazyPirateRequester}, model 3 (router) on an
 * {@code AsyncRequestEngine} with {@link dev.zmqspring.freelance.FreelanceRouterCorrelation}; the
 * server is the worker protocol {@code @ZmqWorker(protocol = "freelance")}.
 */
@NullMarked
package dev.zmqspring.freelance;

import org.jspecify.annotations.NullMarked;
