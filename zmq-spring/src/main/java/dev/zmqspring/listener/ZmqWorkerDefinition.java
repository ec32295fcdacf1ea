package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.support.ZmqEndpoint;

/**
 * What a {@link ZmqWorkerProtocol} needs to build one worker of a {@code @ZmqWorker} method, with
 * placeholders already resolved.
 *
 * @param id the listener id
 * @param index which of the {@code concurrency} workers this is (0-based)
 * @param endpoints the endpoints of the annotation (may be empty for Majordomo)
 * @param service the Majordomo service name, or empty
 * @param broker the broker endpoint of the annotation, or empty
 * @param source where the definition came from (bean and method), for error messages
 */
public record ZmqWorkerDefinition(String id, int index, List<ZmqEndpoint> endpoints, String service, String broker,
		String source) {
}
