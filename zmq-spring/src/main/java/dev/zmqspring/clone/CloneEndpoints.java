package dev.zmqspring.clone;

import java.net.URI;

/**
 * Where one Clone server is, as a client sees it (Guide ch.5, clonecli6): its snapshot ROUTER,
 * update publisher and update collector.
 *
 * @param snapshot the snapshot endpoint (a DEALER connects)
 * @param publisher the publisher endpoint (a SUB connects)
 * @param collector the collector endpoint (the client's publisher connects)
 */
public record CloneEndpoints(String snapshot, String publisher, String collector) {

	/**
	 * The Guide's port convention: publisher on the snapshot port + 1, collector on + 2.
	 * @param snapshot a {@code tcp://host:port} snapshot endpoint
	 * @return the three endpoints
	 * @throws IllegalArgumentException if the endpoint has no numeric port
	 */
	public static CloneEndpoints byPortConvention(String snapshot) {
		URI uri = URI.create(snapshot.trim());
		if (!"tcp".equals(uri.getScheme()) || uri.getPort() <= 0 || uri.getHost() == null) {
			throw new IllegalArgumentException("expected tcp://host:port but was '" + snapshot + "'");
		}
		String base = "tcp://" + uri.getHost() + ":";
		return new CloneEndpoints(base + uri.getPort(), base + (uri.getPort() + 1), base + (uri.getPort() + 2));
	}

}
