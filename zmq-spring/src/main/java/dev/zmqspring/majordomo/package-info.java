/**
 * Majordomo (Guide ch.4 "Service-Oriented Reliable Queuing", "Asynchronous Majordomo Pattern",
 * "Service Discovery"): the MDP/0.1 protocol ({@link dev.zmqspring.majordomo.MdpProtocol}, spec
 * 7/MDP), the broker with MMI ({@link dev.zmqspring.majordomo.MajordomoBroker}, spec 8/MMI), the
 * client ({@link dev.zmqspring.majordomo.MajordomoClient}) and the worker
 * ({@link dev.zmqspring.majordomo.MajordomoWorkerProtocol}, {@link dev.zmqspring.majordomo.MajordomoWorker}).
 * Titanic (spec 9/TSP) lives in {@code dev.zmqspring.majordomo.titanic}.
 */
@NullMarked
package dev.zmqspring.majordomo;

import org.jspecify.annotations.NullMarked;
